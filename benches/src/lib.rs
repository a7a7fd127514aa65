//! Benchmarks live in firm.rs.
