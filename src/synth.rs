//! `tiltak synth`: a deterministic, seeded reconstruction of the 2018 row-level measures whose
//! marginals equal the published tables. Every row is marked `synthetic`; variables without
//! published marginals (phase, agency, cost, cross-cutting) are left empty rather than invented.
//!
//! The marginals are read from the shipped statistics (`fixtures/statistics.csv`), so a corrected
//! figure there changes the synthetic rows too. The KS flag is drawn only among measures that
//! affect the municipal sector: a measure an agency discussed with KS concerns municipalities.

use crate::model;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;

/// Data-quality notes every synthetic row links: DQ1 (the municipal-impact figure vs text, whose
/// figure the rows follow) and DQ3 (which measures the 61 KS contacts come from is not published,
/// so drawing them among municipal-impact measures is a modelling assumption).
pub const SYNTHETIC_QUALITY_NOTES: &str = "DQ1;DQ3";

/// Survey whose published figures the synthetic rows reproduce.
const SURVEY: &str = "2018";
/// Statistic variables (codes of the `statistic-variable` scheme) the marginals come from.
const VAR_FRAME: &str = "survey_frame";
const VAR_PURPOSE: &str = "main_purpose";
const VAR_MUNICIPAL: &str = "municipal_sector_impact";
const VAR_KS: &str = "discussed_with_ks";
/// `municipal-impact` codes that mean the measure affects the municipal sector.
pub const AFFECTS_MUNICIPAL_SECTOR: &[&str] = &["whole-sector", "municipalities-only", "county-municipalities-only"];

/// Source pages the marginals come from (their ids are looked up in the shipped sources).
const MARGINAL_SOURCES: &[&str] = &[
    "https://www.digdir.no/digitalisering-og-samordning/oversikt-over-digitaliseringstiltak-i-staten-2018/1925",
    "https://www.difi.no/rapporter-og-statistikk/undersokelser/digitaliseringstiltak-i-staten-2018/tverrgaende-stat-kommune",
];

#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    #[error("statistics fixture: {0}")]
    Csv(#[from] csv::Error),
    #[error("statistics fixture: {0}")]
    Marginals(String),
}

/// The published 2018 marginals as the statistics fixture holds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marginals {
    pub measures: usize,
    /// `main-purpose` code → count (the figure's eight rows).
    pub main_purpose: Vec<(String, usize)>,
    /// `municipal-impact` code → count (the figure, not the conflicting text; DQ1).
    pub municipal_impact: Vec<(String, usize)>,
    pub discussed_with_ks: usize,
}

impl Marginals {
    /// Measures the figure counts as affecting the municipal sector.
    pub fn affecting_municipal_sector(&self) -> usize {
        self.municipal_impact.iter().filter(|(c, _)| AFFECTS_MUNICIPAL_SECTOR.contains(&c.as_str())).map(|(_, n)| n).sum()
    }
}

/// Read the marginals from the statistics fixture embedded in the binary.
pub fn published_marginals() -> Result<Marginals, SynthError> {
    let mut reader = csv::Reader::from_reader(model::STATISTICS.embedded.as_bytes());
    let headers = reader.headers()?.clone();
    let col = |name: &str| headers.iter().position(|h| h == name).ok_or_else(|| SynthError::Marginals(format!("no column {name}")));
    let (survey, variable, category, count) = (col("survey_id")?, col("variable")?, col("category")?, col("count")?);
    let mut by_variable: BTreeMap<String, Vec<(String, usize)>> = BTreeMap::new();
    for record in reader.records() {
        let record = record?;
        if record.get(survey) != Some(SURVEY) {
            continue;
        }
        let (Some(v), Some(c), Some(n)) = (record.get(variable), record.get(category), record.get(count)) else { continue };
        if let Ok(n) = n.parse::<usize>() {
            by_variable.entry(v.to_string()).or_default().push((c.to_string(), n));
        }
    }
    let take = |v: &str| by_variable.get(v).cloned().ok_or_else(|| SynthError::Marginals(format!("no {SURVEY} counts for {v}")));
    let one = |v: &str, c: &str| {
        take(v)?
            .into_iter()
            .find(|(k, _)| k == c)
            .map(|(_, n)| n)
            .ok_or_else(|| SynthError::Marginals(format!("no {SURVEY} count {v}/{c}")))
    };
    let m = Marginals {
        measures: one(VAR_FRAME, "measures-reported")?,
        main_purpose: take(VAR_PURPOSE)?,
        municipal_impact: take(VAR_MUNICIPAL)?,
        discussed_with_ks: one(VAR_KS, "discussed-with-ks")?,
    };
    for (name, marginal) in [("main purpose", &m.main_purpose), ("municipal impact", &m.municipal_impact)] {
        let sum: usize = marginal.iter().map(|(_, n)| n).sum();
        if sum != m.measures {
            return Err(SynthError::Marginals(format!("{name} counts sum to {sum}, not {}", m.measures)));
        }
    }
    if m.discussed_with_ks > m.affecting_municipal_sector() {
        return Err(SynthError::Marginals(format!(
            "{} measures discussed with KS but only {} affect the municipal sector",
            m.discussed_with_ks,
            m.affecting_municipal_sector()
        )));
    }
    Ok(m)
}

#[derive(Debug, Clone)]
pub struct SynthOptions {
    pub seed: u64,
    pub scale: usize,
}

impl Default for SynthOptions {
    fn default() -> Self {
        SynthOptions { seed: 2018, scale: 1 }
    }
}

pub struct Synthetic {
    pub csv: String,
    pub rows: usize,
    pub marginals: Marginals,
}

fn expand(marginal: &[(String, usize)], scale: usize, rng: &mut ChaCha8Rng) -> Vec<String> {
    let mut v: Vec<String> = marginal.iter().flat_map(|(c, n)| std::iter::repeat_n(c.clone(), n * scale)).collect();
    v.shuffle(rng);
    v
}

fn source_ids() -> String {
    let sources = &model::SOURCES;
    let (Some(id_col), Some(url_col)) = (sources.column_offset("id"), sources.column_offset("url")) else { return String::new() };
    let mut r = csv::Reader::from_reader(sources.embedded.as_bytes());
    let ids: Vec<String> = r
        .records()
        .flatten()
        .filter(|rec| rec.get(url_col).is_some_and(|url| MARGINAL_SOURCES.contains(&url)))
        .filter_map(|rec| rec.get(id_col).map(str::to_string))
        .collect();
    ids.join(";")
}

/// KS flags: exactly `discussed × scale` true, all among rows whose impact affects the municipal sector.
fn draw_ks(impacts: &[String], discussed: usize, rng: &mut ChaCha8Rng) -> Vec<bool> {
    let mut affected: Vec<usize> = (0..impacts.len()).filter(|&i| AFFECTS_MUNICIPAL_SECTOR.contains(&impacts[i].as_str())).collect();
    affected.shuffle(rng);
    let mut ks = vec![false; impacts.len()];
    for &i in affected.iter().take(discussed) {
        ks[i] = true;
    }
    ks
}

pub fn generate(opts: &SynthOptions) -> Result<Synthetic, SynthError> {
    let marginals = published_marginals()?;
    let scale = opts.scale.max(1);
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let purposes = expand(&marginals.main_purpose, scale, &mut rng);
    let impacts = expand(&marginals.municipal_impact, scale, &mut rng);
    let ks = draw_ks(&impacts, marginals.discussed_with_ks * scale, &mut rng);
    let sources = source_ids();
    let columns = model::MEASURES.csv_columns();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&columns)?;
    let n = marginals.measures * scale;
    for i in 0..n {
        let id = format!("synth-{}-{:07}", opts.seed, i + 1);
        let title = format!("Synthetic measure {} (generated, not real data)", i + 1);
        let row: Vec<&str> = columns
            .iter()
            .map(|c| match c.as_str() {
                "id" => id.as_str(),
                "survey_id" => SURVEY,
                "title" => title.as_str(),
                "description" => "Synthetic row from `tiltak synth`: its main purpose, municipal impact and KS contact are drawn so that the totals equal the published 2018 tables. KS contact is drawn only among measures that affect the municipal sector: a modelling assumption, since the source does not say which measures the 61 come from (DQ3); municipal impact follows the figure, not the text (DQ1).",
                "main_purpose" => purposes[i].as_str(),
                "municipal_impact" => impacts[i].as_str(),
                "discussed_with_ks" => if ks[i] { "true" } else { "false" },
                "synthetic" => "true",
                "sources" => sources.as_str(),
                // The figure/text conflict the municipal impacts follow (DQ1) and the KS assumption (DQ3).
                "quality_notes" => SYNTHETIC_QUALITY_NOTES,
                _ => "",
            })
            .collect();
        w.write_record(&row)?;
    }
    let bytes = w.into_inner().map_err(|e| SynthError::Marginals(e.to_string()))?;
    let csv = String::from_utf8(bytes).map_err(|e| SynthError::Marginals(e.to_string()))?;
    Ok(Synthetic { csv, rows: n, marginals })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn rows(s: &Synthetic) -> Vec<HashMap<String, String>> {
        let mut r = csv::Reader::from_reader(s.csv.as_bytes());
        let headers = r.headers().expect("header").clone();
        r.records().map(|rec| headers.iter().zip(rec.expect("row").iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect()).collect()
    }

    fn counts(rows: &[HashMap<String, String>], col: &str) -> HashMap<String, usize> {
        let mut m = HashMap::new();
        for r in rows {
            *m.entry(r[col].clone()).or_default() += 1;
        }
        m
    }

    #[test]
    fn marginals_come_from_the_statistics_fixture() {
        let m = published_marginals().expect("marginals");
        // The published 2018 figures (statistics.csv): 412 measures, 61 discussed with KS, 146 affecting the sector.
        assert_eq!(m.measures, 412);
        assert_eq!(m.discussed_with_ks, 61);
        assert_eq!(m.main_purpose.len(), 8);
        assert_eq!(m.affecting_municipal_sector(), 95 + 45 + 6);
    }

    #[test]
    fn every_marginal_is_exact_and_ks_only_where_the_municipal_sector_is_affected() {
        for (seed, scale) in [(1, 1), (7, 1), (2018, 3)] {
            let s = generate(&SynthOptions { seed, scale }).expect("generate");
            let m = &s.marginals;
            let rows = rows(&s);
            assert_eq!(rows.len(), m.measures * scale);
            let purpose = counts(&rows, "main_purpose");
            for (code, n) in &m.main_purpose {
                assert_eq!(purpose.get(code), Some(&(n * scale)), "main purpose {code}");
            }
            let impact = counts(&rows, "municipal_impact");
            for (code, n) in &m.municipal_impact {
                assert_eq!(impact.get(code), Some(&(n * scale)), "municipal impact {code}");
            }
            assert_eq!(counts(&rows, "discussed_with_ks").get("true"), Some(&(m.discussed_with_ks * scale)));
            for r in rows.iter().filter(|r| r["discussed_with_ks"] == "true") {
                assert!(
                    AFFECTS_MUNICIPAL_SECTOR.contains(&r["municipal_impact"].as_str()),
                    "KS row {} has impact {}",
                    r["id"],
                    r["municipal_impact"]
                );
            }
            // Not every affected measure is flagged: the draw is conditional, not a copy of the impact.
            let affected_without_ks = rows
                .iter()
                .filter(|r| AFFECTS_MUNICIPAL_SECTOR.contains(&r["municipal_impact"].as_str()) && r["discussed_with_ks"] == "false")
                .count();
            assert_eq!(affected_without_ks, (m.affecting_municipal_sector() - m.discussed_with_ks) * scale);
        }
    }

    #[test]
    fn same_seed_same_rows_other_seed_other_rows() {
        let a = generate(&SynthOptions { seed: 5, scale: 1 }).expect("a");
        let b = generate(&SynthOptions { seed: 5, scale: 1 }).expect("b");
        let c = generate(&SynthOptions { seed: 6, scale: 1 }).expect("c");
        assert_eq!(a.csv, b.csv);
        assert_ne!(a.csv, c.csv);
    }
}
