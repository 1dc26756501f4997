//! A small typed builder for horizontal grouped bar charts: the layout (every coordinate) is
//! computed here, the SVG markup lives in `templates/chart.html`. Colours come from CSS classes
//! (`series-0`, …) so the charts follow the theme and need no inline style.

use serde::Serialize;

/// One series of values, aligned with the chart's categories (`None` = no value).
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

pub struct BarChartSpec {
    /// Unique on the page; used for `aria-labelledby`.
    pub id: String,
    pub title: String,
    pub desc: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// Header of the category column in the data table.
    pub category_header: String,
    /// Optional extra column per category (e.g. percentages as published).
    pub extra_column: Option<(String, Vec<String>)>,
    /// CSS classes per series (e.g. ordinal tones for ratings); empty: `series-N`.
    pub series_classes: Vec<String>,
    /// CSS classes per category for a one-series chart (bars coloured by their code); empty: none.
    pub category_classes: Vec<String>,
    /// How values are printed (the page's language).
    pub format: fn(f64) -> String,
}

/// Values as plain numbers (integers whole, else one decimal).
pub fn plain_number(v: f64) -> String {
    number(v)
}

#[derive(Debug, Serialize)]
pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub class: String,
    /// Tooltip: series and value.
    pub label: String,
    /// The value printed after the bar (the legend and table name the series).
    pub value: String,
    pub text_x: f64,
    pub text_y: f64,
}

#[derive(Debug, Serialize)]
pub struct Text {
    pub x: f64,
    pub y: f64,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct Legend {
    pub name: String,
    pub class: String,
    pub x: f64,
    pub y: f64,
    /// The name wrapped to the chart's width.
    pub lines: Vec<Text>,
}

#[derive(Debug, Serialize)]
pub struct DataTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Everything the template needs to draw one chart and its table.
#[derive(Debug, Serialize)]
pub struct Chart {
    pub id: String,
    pub title: String,
    pub desc: String,
    pub width: f64,
    pub height: f64,
    pub bars: Vec<Bar>,
    pub labels: Vec<Text>,
    pub legend: Vec<Legend>,
    pub table: DataTable,
}

/// Narrow enough that at a 320 px viewport (about 288 px of content) the 14-unit text of
/// `assets/site.css` still renders at 12 px or more; the stylesheet caps the drawn width so
/// desktops do not blow the text up either.
const WIDTH: f64 = 320.0;
/// Category labels wrap at this many characters (14 px bold text in `WIDTH` units).
const LABEL_CHARS: usize = 34;
const LEFT: f64 = 8.0;
/// Room right of the longest bar for its value.
const VALUE_ROOM: f64 = 64.0;
const LABEL_LINE: f64 = 20.0;
const BAR: f64 = 16.0;
const BAR_GAP: f64 = 4.0;
const GROUP_GAP: f64 = 12.0;
const LEGEND_LINE: f64 = 22.0;

fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// Split `text` at spaces into lines of at most `width` characters (a longer word stays whole).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

fn series_class(spec: &BarChartSpec, i: usize) -> String {
    spec.series_classes.get(i).cloned().unwrap_or_else(|| format!("series-{}", i % 6))
}

pub fn bar_chart(spec: BarChartSpec) -> Chart {
    let max = spec.series.iter().flat_map(|s| s.values.iter().flatten()).fold(0.0f64, |a, b| a.max(*b)).max(1.0);
    let scale = (WIDTH - LEFT - VALUE_ROOM) / max;
    let mut y = 4.0;
    let mut legend = Vec::new();
    if spec.series.len() > 1 {
        for (i, s) in spec.series.iter().enumerate() {
            let top = y;
            let lines: Vec<Text> = wrap(&s.name, LABEL_CHARS)
                .into_iter()
                .enumerate()
                .map(|(n, text)| Text { x: LEFT + 20.0, y: top + 12.0 + n as f64 * LABEL_LINE, text })
                .collect();
            y += LEGEND_LINE + (lines.len() - 1) as f64 * LABEL_LINE;
            legend.push(Legend { name: s.name.clone(), class: series_class(&spec, i), x: LEFT, y: top, lines });
        }
        y += 4.0;
    }
    let mut bars = Vec::new();
    let mut labels = Vec::new();
    for (c, category) in spec.categories.iter().enumerate() {
        for line in wrap(category, LABEL_CHARS) {
            labels.push(Text { x: LEFT, y: y + 14.0, text: line });
            y += LABEL_LINE;
        }
        for (i, s) in spec.series.iter().enumerate() {
            let value = s.values.get(c).copied().flatten();
            let width = value.map(|v| (v * scale).max(1.0)).unwrap_or(0.0);
            let label = match value {
                Some(v) => (spec.format)(v),
                None => "–".into(),
            };
            let class = match spec.category_classes.get(c) {
                Some(k) if spec.series.len() == 1 => k.clone(),
                _ => series_class(&spec, i),
            };
            bars.push(Bar {
                x: LEFT,
                y,
                width,
                height: BAR,
                class,
                label: if spec.series.len() > 1 { format!("{}: {label}", s.name) } else { label.clone() },
                value: label,
                text_x: LEFT + width + 6.0,
                text_y: y + BAR - 3.0,
            });
            y += BAR + BAR_GAP;
        }
        y += GROUP_GAP;
    }
    let mut headers = vec![spec.category_header.clone()];
    headers.extend(spec.series.iter().map(|s| s.name.clone()));
    if let Some((h, _)) = &spec.extra_column {
        headers.push(h.clone());
    }
    let rows = spec
        .categories
        .iter()
        .enumerate()
        .map(|(c, category)| {
            let mut row = vec![category.clone()];
            row.extend(spec.series.iter().map(|s| s.values.get(c).copied().flatten().map(spec.format).unwrap_or_else(|| "–".into())));
            if let Some((_, extra)) = &spec.extra_column {
                row.push(extra.get(c).cloned().unwrap_or_default());
            }
            row
        })
        .collect();
    Chart {
        id: spec.id,
        title: spec.title,
        desc: spec.desc,
        width: WIDTH,
        height: y + 4.0,
        bars,
        labels,
        legend,
        table: DataTable { headers, rows },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_value_and_keep_missing_values_empty() {
        let chart = bar_chart(BarChartSpec {
            id: "c".into(),
            title: "t".into(),
            desc: "d".into(),
            categories: vec!["a".into(), "b".into()],
            series: vec![Series { name: "s".into(), values: vec![Some(10.0), None] }],
            category_header: "k".into(),
            extra_column: None,
            series_classes: Vec::new(),
            category_classes: Vec::new(),
            format: plain_number,
        });
        assert_eq!(chart.bars.len(), 2);
        assert!((chart.bars[0].width - (WIDTH - LEFT - VALUE_ROOM)).abs() < 1e-9);
        assert_eq!(chart.bars[1].width, 0.0);
        assert_eq!(chart.table.rows[1], vec!["b".to_string(), "–".to_string()]);
    }

    #[test]
    fn long_category_labels_wrap_at_word_boundaries() {
        let lines = wrap("The state of digital Norway, edition headed 'our assessment of status for 2022'", LABEL_CHARS);
        assert!(lines.len() >= 3, "{lines:?}");
        assert!(lines.iter().all(|l| l.chars().count() <= LABEL_CHARS), "{lines:?}");
        assert_eq!(lines.join(" "), "The state of digital Norway, edition headed 'our assessment of status for 2022'");
        assert_eq!(wrap("short", LABEL_CHARS), vec!["short".to_string()]);
    }
}
