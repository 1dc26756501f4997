//! `tiltak synth`: a deterministic, seeded reconstruction of the 2018 row-level measures whose
//! marginals equal the published tables. Every row is marked `synthetic`; variables without
//! published marginals (phase, agency, cost, cross-cutting) are left empty rather than invented.

use crate::model::entity;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Published 2018 marginals (statistics.csv; N = 412).
pub const MAIN_PURPOSE: &[(&str, usize)] = &[
    ("internal-efficiency", 126),
    ("coherent-services", 98),
    ("data-sharing", 62),
    ("change-task-solving", 50),
    ("internal-administration", 26),
    ("common-solution", 23),
    ("improve-security", 15),
    ("not-stated", 12),
];
pub const MUNICIPAL_IMPACT: &[(&str, usize)] =
    &[("not-affected", 263), ("whole-sector", 95), ("municipalities-only", 45), ("county-municipalities-only", 6), ("not-stated", 3)];
pub const DISCUSSED_WITH_KS: usize = 61;
pub const MEASURES_2018: usize = 412;

/// Source pages the marginals come from (their ids are looked up in the shipped sources).
const MARGINAL_SOURCES: &[&str] = &[
    "https://www.digdir.no/digitalisering-og-samordning/oversikt-over-digitaliseringstiltak-i-staten-2018/1925",
    "https://www.difi.no/rapporter-og-statistikk/undersokelser/digitaliseringstiltak-i-staten-2018/tverrgaende-stat-kommune",
];

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
}

fn expand(marginal: &[(&'static str, usize)], scale: usize, rng: &mut ChaCha8Rng) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = marginal.iter().flat_map(|(c, n)| std::iter::repeat_n(*c, n * scale)).collect();
    v.shuffle(rng);
    v
}

fn source_ids() -> String {
    let mut ids = Vec::new();
    if let Some(e) = entity("sources") {
        let mut r = csv::Reader::from_reader(e.embedded.as_bytes());
        for rec in r.records().flatten() {
            if let (Some(id), Some(url)) = (rec.get(0), rec.get(1)) {
                if MARGINAL_SOURCES.contains(&url) {
                    ids.push(id.to_string());
                }
            }
        }
    }
    ids.join(";")
}

pub fn generate(opts: &SynthOptions) -> Synthetic {
    let scale = opts.scale.max(1);
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let purposes = expand(MAIN_PURPOSE, scale, &mut rng);
    let impacts = expand(MUNICIPAL_IMPACT, scale, &mut rng);
    let ks_marginal = [("true", DISCUSSED_WITH_KS), ("false", MEASURES_2018 - DISCUSSED_WITH_KS)];
    let ks = expand(&ks_marginal, scale, &mut rng);
    let sources = source_ids();
    let columns = entity("measures").map(|e| e.csv_columns()).unwrap_or_default();
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(&columns);
    let n = MEASURES_2018 * scale;
    for i in 0..n {
        let id = format!("synth-{}-{:07}", opts.seed, i + 1);
        let title = format!("Synthetic measure {} (generated, not real data)", i + 1);
        let row: Vec<&str> = columns
            .iter()
            .map(|c| match c.as_str() {
                "id" => id.as_str(),
                "survey_id" => "2018",
                "title" => title.as_str(),
                "description" => "Synthetic row from `tiltak synth`: its main purpose, municipal impact and KS contact are drawn so that the totals equal the published 2018 tables.",
                "main_purpose" => purposes[i],
                "municipal_impact" => impacts[i],
                "discussed_with_ks" => ks[i],
                "synthetic" => "true",
                "sources" => sources.as_str(),
                _ => "",
            })
            .collect();
        let _ = w.write_record(&row);
    }
    let csv = String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default();
    Synthetic { csv, rows: n }
}
