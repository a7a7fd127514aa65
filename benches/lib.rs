//! Benchmarks of lpo-sim: see `firm.rs`.
