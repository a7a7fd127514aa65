//! [`Render`] for every view: which formats each has, and what writes each format. The
//! views (`view`) and the pages (`html`) only write; this module picks the writer.

use crate::html::{self, ReportContext, render_html};
use crate::view::careers::{LIFECYCLE_KIND, LifecycleJson, write_lifecycle_block};
use crate::view::{
    self, CareerReport, CareerStudyReport, CheckView, ClosuresReport, CompareReport, HistoryView,
    MarketReport, ParamsReport, ReplayReport, RunReport, SensitivityReport, StudyReport,
    SweepReport, TuneReport,
};
use crate::{Format, Render, RenderError, unsupported};
use std::io::Write;

impl Render for MarketReport<'_> {
    fn name(&self) -> &'static str {
        "a market study"
    }

    fn formats(&self) -> &'static [Format] {
        &[Format::Text, Format::Json, Format::Csv, Format::Html]
    }

    fn render(&self, format: Format, out: &mut dyn Write) -> Result<(), RenderError> {
        match format {
            Format::Text => self.write_table(out)?,
            Format::Json => self.write_json(out)?,
            Format::Csv => self.write_csv(out)?,
            Format::Html => out.write_all(html::render_market_html(self)?.as_bytes())?,
        }
        Ok(())
    }
}

impl Render for CheckView<'_> {
    fn name(&self) -> &'static str {
        "a calibration check"
    }

    fn formats(&self) -> &'static [Format] {
        &[Format::Text, Format::Json, Format::Html]
    }

    fn render(&self, format: Format, out: &mut dyn Write) -> Result<(), RenderError> {
        match format {
            Format::Text => self.write_table(out)?,
            Format::Json => out.write_all(self.to_json().as_bytes())?,
            Format::Html => out.write_all(html::render_check_html(self)?.as_bytes())?,
            _ => return Err(unsupported(self, format)),
        }
        Ok(())
    }
}

impl Render for HistoryView<'_> {
    fn name(&self) -> &'static str {
        "a history match"
    }

    fn formats(&self) -> &'static [Format] {
        &[Format::Text]
    }

    fn render(&self, format: Format, out: &mut dyn Write) -> Result<(), RenderError> {
        match format {
            Format::Text => {
                self.write_header(out)?;
                for wave in &self.file.waves {
                    self.write_wave(out, wave)?;
                }
                self.write_ensemble(out)?;
            }
            _ => return Err(unsupported(self, format)),
        }
        Ok(())
    }
}

impl Render for CareerStudyReport<'_> {
    fn name(&self) -> &'static str {
        "a study of careers"
    }

    fn formats(&self) -> &'static [Format] {
        &[Format::Text, Format::Json]
    }

    fn render(&self, format: Format, out: &mut dyn Write) -> Result<(), RenderError> {
        match format {
            Format::Text => self.write_table(out)?,
            Format::Json => self.write_json(out)?,
            _ => return Err(unsupported(self, format)),
        }
        Ok(())
    }
}

impl Render for ClosuresReport<'_> {
    fn name(&self) -> &'static str {
        "a closure profile"
    }

    fn formats(&self) -> &'static [Format] {
        &[Format::Text, Format::Json]
    }

    /// JSON: pretty, without a final newline.
    fn render(&self, format: Format, out: &mut dyn Write) -> Result<(), RenderError> {
        match format {
            Format::Text => view::closures::write_report(self, out)?,
            Format::Json => {
                out.write_all(view::closures::json(self).as_bytes())?;
            }
            _ => return Err(unsupported(self, format)),
        }
        Ok(())
    }
}

impl Render for CompareReport<'_> {
    fn name(&self) -> &'static str {
        "a comparison"
    }

    fn formats(&self) -> &'static [Format] {
        &[Format::Text, Format::Json, Format::Csv, Format::Html]
    }

    fn render(&self, format: Format, out: &mut dyn Write) -> Result<(), RenderError> {
        match format {
            Format::Text => self.write_text(out)?,
            Format::Json => self.write_json(out)?,
            Format::Csv => self.write_csv(out)?,
            Format::Html => out.write_all(html::render_compare_html(self)?.as_bytes())?,
        }
        Ok(())
    }
}

impl Render for RunReport {
    fn name(&self) -> &'static str {
        "a firm's run"
    }

    fn formats(&self) -> &'static [Format] {
        &[Format::Text, Format::Json, Format::Csv]
    }

    fn render(&self, format: Format, out: &mut dyn Write) -> Result<(), RenderError> {
        match format {
            Format::Text => view::table::write_run(self, out)?,
            Format::Json => view::json::write_run(self, out)?,
            Format::Csv => view::csv::write_run(self, out)?,
            Format::Html => return Err(unsupported(self, format)),
        }
        Ok(())
    }
}

impl Render for CareerReport {
    fn name(&self) -> &'static str {
        "a career"
    }

    fn formats(&self) -> &'static [Format] {
        &[Format::Text, Format::Json, Format::Csv]
    }

    fn render(&self, format: Format, out: &mut dyn Write) -> Result<(), RenderError> {
        match format {
            Format::Text => view::table::write_career(self, out)?,
            Format::Json => view::json::write_career(self, out)?,
            Format::Csv => view::csv::write_career(self, out)?,
            Format::Html => return Err(unsupported(self, format)),
        }
        Ok(())
    }
}

impl Render for ParamsReport<'_> {
    fn name(&self) -> &'static str {
        "a parameter listing"
    }

    fn formats(&self) -> &'static [Format] {
        &[Format::Text, Format::Json, Format::Csv]
    }

    fn render(&self, format: Format, out: &mut dyn Write) -> Result<(), RenderError> {
        match format {
            Format::Text => self.write_table(out)?,
            Format::Json => self.write_json(out)?,
            Format::Csv => self.write_csv(out)?,
            _ => return Err(unsupported(self, format)),
        }
        Ok(())
    }
}

impl Render for ReplayReport {
    fn name(&self) -> &'static str {
        "a replay"
    }

    fn formats(&self) -> &'static [Format] {
        &[Format::Text, Format::Json, Format::Csv]
    }

    /// Text: an event log, a line per month in which something happened. CSV: a row per month.
    fn render(&self, format: Format, out: &mut dyn Write) -> Result<(), RenderError> {
        match format {
            Format::Text => self.write_log(out)?,
            Format::Json => self.write_json(out)?,
            Format::Csv => view::csv::write_months(&self.months, out)?,
            Format::Html => return Err(unsupported(self, format)),
        }
        Ok(())
    }
}

impl Render for SensitivityReport<'_> {
    fn name(&self) -> &'static str {
        "a sensitivity analysis"
    }

    fn formats(&self) -> &'static [Format] {
        &[Format::Text, Format::Json, Format::Csv, Format::Html]
    }

    fn render(&self, format: Format, out: &mut dyn Write) -> Result<(), RenderError> {
        match format {
            Format::Text => self.write_table(out)?,
            Format::Json => self.write_json(out)?,
            Format::Csv => self.write_csv(out)?,
            Format::Html => out.write_all(html::render_sensitivity_html(self)?.as_bytes())?,
        }
        Ok(())
    }
}

impl Render for StudyReport<'_> {
    fn name(&self) -> &'static str {
        "a study"
    }

    fn formats(&self) -> &'static [Format] {
        &[Format::Text, Format::Json, Format::Csv, Format::Html]
    }

    fn render(&self, format: Format, out: &mut dyn Write) -> Result<(), RenderError> {
        match format {
            Format::Text => {
                self.table().write(out)?;
                if let Some(careers) = &self.careers {
                    writeln!(out)?;
                    let currency = &self.file.manifest.currency;
                    write_lifecycle_block(out, careers.summary, careers.max_months, currency)?;
                }
            }
            Format::Json => {
                let json = match &self.careers {
                    None => self.file.to_json(),
                    Some(careers) => LifecycleJson {
                        kind: LIFECYCLE_KIND,
                        career_plan: careers.plan,
                        max_months: careers.max_months,
                        career: careers.summary,
                        study: self.file,
                    }
                    .to_json(),
                };
                out.write_all(json.as_bytes())?;
            }
            Format::Csv => view::study_csv::write_months(&self.file.summary, out)?,
            Format::Html => out.write_all(study_html(self)?.as_bytes())?,
        }
        Ok(())
    }
}

impl Render for SweepReport<'_> {
    fn name(&self) -> &'static str {
        "a sweep"
    }

    fn formats(&self) -> &'static [Format] {
        &[Format::Text, Format::Json, Format::Csv, Format::Html]
    }

    fn render(&self, format: Format, out: &mut dyn Write) -> Result<(), RenderError> {
        match format {
            Format::Text => self.write_table(out)?,
            Format::Json => self.write_json(out)?,
            Format::Csv => self.write_csv(out)?,
            Format::Html => out.write_all(html::render_sweep_html(self)?.as_bytes())?,
        }
        Ok(())
    }
}

impl Render for TuneReport<'_> {
    fn name(&self) -> &'static str {
        "a tuning"
    }

    fn formats(&self) -> &'static [Format] {
        &[Format::Text, Format::Json, Format::Html]
    }

    fn render(&self, format: Format, out: &mut dyn Write) -> Result<(), RenderError> {
        match format {
            Format::Text => self.write_table(out)?,
            Format::Json => self.write_json(out)?,
            Format::Html => out.write_all(html::render_tune_html(self)?.as_bytes())?,
            _ => return Err(unsupported(self, format)),
        }
        Ok(())
    }
}

fn study_html(report: &StudyReport<'_>) -> Result<String, RenderError> {
    let manifest = &report.file.manifest;
    let context = ReportContext {
        scenario: report.scenario,
        strategy: &manifest.strategy,
        seed: manifest.seed,
        currency: &manifest.currency,
        replicates: manifest.replicates.clone(),
        partial: report.file.partial,
        crate_version: &manifest.crate_version,
        ensemble: report.ensemble,
        careers: report.careers,
    };
    render_html(&report.file.summary, &context)
}
