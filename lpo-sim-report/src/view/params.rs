//! The output of `lpo-sim params`: every numeric parameter by dotted path, with its value,
//! unit, allowed range and kind, as a table, JSON or CSV.

use super::csv::into_io;
use super::table::{Align, TextTable};
use lpo_sim_core::params::ParamInfo;
use serde::Serialize;
use std::io::{self, Write};

/// A parameter listing and what it lists.
#[derive(Debug, Clone)]
pub struct ParamsReport<'a> {
    /// Scenario label.
    pub scenario: &'a str,
    /// The filter, if any.
    pub filter: Option<&'a str>,
    /// Parameters in walk order (already filtered).
    pub params: &'a [ParamInfo],
    /// Parameters before filtering.
    pub total: usize,
}

/// A parameter's kind as printed.
fn kind(p: &ParamInfo) -> &'static str {
    if p.flag {
        "flag"
    } else if p.integer {
        "count"
    } else {
        "real"
    }
}

/// A value exactly as stored (shortest form that reads back the same), flags as true/false.
fn value(p: &ParamInfo, x: f64) -> String {
    if p.flag {
        if x != 0.0 { "true" } else { "false" }.to_owned()
    } else {
        x.to_string()
    }
}

#[derive(Serialize)]
struct ParamJson<'a> {
    path: &'a str,
    value: f64,
    unit: &'a str,
    min: f64,
    max: f64,
    kind: &'a str,
}

impl ParamsReport<'_> {
    /// Header, then one aligned row per parameter.
    pub fn write_table(&self, out: &mut dyn Write) -> io::Result<()> {
        let shown = match self.filter {
            Some(filter) => format!(
                "{} of {} parameters contain `{filter}`",
                self.params.len(),
                self.total
            ),
            None => format!("{} parameters", self.params.len()),
        };
        writeln!(
            out,
            "parameters of scenario {}  |  {shown}  |  change any with --set PATH=VALUE",
            self.scenario
        )?;
        writeln!(
            out,
            "kind: real (any number in the range), count (whole number), flag (true or false)"
        )?;
        writeln!(out)?;
        let mut table = TextTable::new(&[
            ("path", Align::Left),
            ("value", Align::Right),
            ("unit", Align::Left),
            ("min", Align::Right),
            ("max", Align::Right),
            ("kind", Align::Left),
        ]);
        for p in self.params {
            let (min, max) = if p.flag {
                ("-".to_owned(), "-".to_owned())
            } else {
                (p.min.to_string(), p.max.to_string())
            };
            table.push(vec![
                p.path.clone(),
                value(p, p.value),
                p.unit.to_owned(),
                min,
                max,
                kind(p).to_owned(),
            ]);
        }
        table.write(out)
    }

    /// A JSON array of `{path, value, unit, min, max, kind}` (flags' values as 0 or 1).
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        let rows: Vec<ParamJson<'_>> = self
            .params
            .iter()
            .map(|p| ParamJson {
                path: &p.path,
                value: p.value,
                unit: p.unit,
                min: p.min,
                max: p.max,
                kind: kind(p),
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &rows).map_err(io::Error::from)?;
        writeln!(out)
    }

    /// A header and one row per parameter.
    pub fn write_csv(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        writer
            .write_record(["path", "value", "unit", "min", "max", "kind"])
            .map_err(into_io)?;
        for p in self.params {
            writer
                .write_record([
                    p.path.clone(),
                    p.value.to_string(),
                    p.unit.to_owned(),
                    p.min.to_string(),
                    p.max.to_string(),
                    kind(p).to_owned(),
                ])
                .map_err(into_io)?;
        }
        writer.flush()
    }
}
