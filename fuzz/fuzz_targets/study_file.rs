#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| lpo_sim_fuzz::study_file(data));
