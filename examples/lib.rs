//! Runnable examples of lpo-sim: see the `[[example]]` entries of Cargo.toml.
