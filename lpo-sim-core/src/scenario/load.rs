//! Reading scenario files: TOML or JSON, bounded in size, laid over the default scenario
//! (see [`super::overlay`]), every field known, nothing after the document, then validated.

use super::Scenario;
use super::overlay::{overlay_json, overlay_toml};
use crate::error::ScenarioError;
use std::io::Read;
use std::path::Path;

/// Largest scenario file read (1 MiB; the default scenario is about 20 kB). Larger inputs are
/// refused before they are parsed, so a huge or endless file cannot exhaust memory.
pub const MAX_SCENARIO_BYTES: u64 = 1 << 20;

impl Scenario {
    /// Parses and validates a TOML scenario: an overlay on the embedded default scenario
    /// ([`DEFAULT_SCENARIO_TOML`](super::DEFAULT_SCENARIO_TOML)), so it holds only the values
    /// that differ and everything left out keeps its default. Amounts of money may be written
    /// `"30k"` or `"1.5M"`, shares and probabilities `"2.5%"`. `origin` names the file in
    /// errors.
    ///
    /// # Errors
    /// [`ScenarioError::Parse`] for syntax errors, unknown keys or tables (with the closest
    /// real names), duplicate keys, unreadable amounts and wrong types (with line, column and
    /// field path); [`ScenarioError::Invalid`] for values out of range.
    ///
    /// # Examples
    /// ```
    /// use lpo_sim_core::Scenario;
    /// let scenario = Scenario::from_toml_str("[founder]\nsavings = \"50k\"\n", "mine.toml")?;
    /// assert_eq!(scenario.founder.savings, 50_000.0);
    /// assert_eq!(scenario.horizon_months, Scenario::default().horizon_months);
    /// let typo = Scenario::from_toml_str("[founders]\nsavings = 1\n", "mine.toml").unwrap_err();
    /// assert!(typo.to_string().contains("did you mean `[founder]`"));
    /// # Ok::<(), lpo_sim_core::ScenarioError>(())
    /// ```
    pub fn from_toml_str(text: &str, origin: &str) -> Result<Scenario, ScenarioError> {
        check_size(text.len(), origin)?;
        let overlay = overlay_toml(text, origin)?;
        let scenario: Scenario = serde_path_to_error::deserialize(toml::Value::Table(
            overlay.merged.clone(),
        ))
        .map_err(|e| {
            let path = e.path().to_string();
            let span = overlay.span_of(&path);
            ScenarioError::from_toml_at(origin, text, e.into_inner(), path, span)
        })?;
        scenario.validated(origin)
    }

    /// Parses and validates a JSON scenario, an overlay on the default as
    /// [`Scenario::from_toml_str`] describes. `origin` names the file in errors.
    ///
    /// # Errors
    /// As [`Scenario::from_toml_str`]; also anything but white space after the document, and
    /// anything but an object at its top.
    pub fn from_json_str(text: &str, origin: &str) -> Result<Scenario, ScenarioError> {
        check_size(text.len(), origin)?;
        let merged = overlay_json(text, origin)?;
        let scenario: Scenario = serde_path_to_error::deserialize(merged).map_err(|e| {
            let path = e.path().to_string();
            ScenarioError::from_json(origin, e.into_inner(), path)
        })?;
        scenario.validated(origin)
    }

    /// Reads a scenario file: `.json` as JSON, anything else as TOML.
    ///
    /// # Errors
    /// [`ScenarioError::Io`] when the file cannot be read; [`ScenarioError::TooLarge`] above
    /// [`MAX_SCENARIO_BYTES`]; else as [`Scenario::from_toml_str`].
    pub fn from_path(path: &Path) -> Result<Scenario, ScenarioError> {
        let origin = path.display().to_string();
        let io = |source| ScenarioError::Io {
            file: origin.clone(),
            source,
        };
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_SCENARIO_BYTES + 1).read_to_end(&mut bytes))
            .map_err(io)?;
        check_size(bytes.len(), &origin)?;
        let text = String::from_utf8(bytes).map_err(|e| {
            io(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
            ))
        })?;
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        {
            Scenario::from_json_str(&text, &origin)
        } else {
            Scenario::from_toml_str(&text, &origin)
        }
    }

    fn validated(self, origin: &str) -> Result<Scenario, ScenarioError> {
        self.validate_as(origin)?;
        Ok(self)
    }
}

fn check_size(len: usize, origin: &str) -> Result<(), ScenarioError> {
    if len as u64 > MAX_SCENARIO_BYTES {
        return Err(ScenarioError::TooLarge {
            file: origin.to_owned(),
            limit: MAX_SCENARIO_BYTES,
        });
    }
    Ok(())
}
