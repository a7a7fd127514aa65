#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| lpo_sim_fuzz::calibration_file(data));
