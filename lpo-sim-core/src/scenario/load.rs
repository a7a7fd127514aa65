//! Reading scenario files: TOML or JSON, bounded in size, every field known, nothing after
//! the document, then validated.

use super::Scenario;
use crate::error::ScenarioError;
use std::io::Read;
use std::path::Path;

/// Largest scenario file read (1 MiB; the default scenario is about 20 kB). Larger inputs are
/// refused before they are parsed, so a huge or endless file cannot exhaust memory.
pub const MAX_SCENARIO_BYTES: u64 = 1 << 20;

impl Scenario {
    /// Parses and validates a TOML scenario. `origin` names the file in errors.
    ///
    /// # Errors
    /// [`ScenarioError::Parse`] for syntax errors, unknown or duplicate fields and wrong types
    /// (with line, column and field path); [`ScenarioError::Invalid`] for values out of range.
    pub fn from_toml_str(text: &str, origin: &str) -> Result<Scenario, ScenarioError> {
        check_size(text.len(), origin)?;
        let deserializer = toml::Deserializer::parse(text)
            .map_err(|e| ScenarioError::from_toml(origin, text, e, String::new()))?;
        let scenario: Scenario = serde_path_to_error::deserialize(deserializer).map_err(|e| {
            let path = e.path().to_string();
            ScenarioError::from_toml(origin, text, e.into_inner(), path)
        })?;
        scenario.validated(origin)
    }

    /// Parses and validates a JSON scenario. `origin` names the file in errors.
    ///
    /// # Errors
    /// As [`Scenario::from_toml_str`]; also anything but white space after the document.
    pub fn from_json_str(text: &str, origin: &str) -> Result<Scenario, ScenarioError> {
        check_size(text.len(), origin)?;
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let scenario: Scenario =
            serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
                let path = e.path().to_string();
                ScenarioError::from_json(origin, e.into_inner(), path)
            })?;
        deserializer
            .end()
            .map_err(|e| ScenarioError::from_json(origin, e, String::new()))?;
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
