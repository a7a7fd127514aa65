//! Steps clones of one fixed-size benchmark firm, for counting instructions under callgrind
//! (`benches/instructions.sh`): with `step`, each of `iterations` clones is stepped once;
//! with `clone`, it is only cloned. The difference of the two counts over `iterations` is the
//! step's instructions, which, unlike wall time, do not move with the machine's load.
//!
//! Usage: `step-instructions small|medium|large step|clone ITERATIONS`

use lpo_sim_benches::{FIRM_SIZES, warmed_up};
use std::hint::black_box;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [size, mode, iterations] = args.as_slice() else {
        eprintln!("usage: step-instructions small|medium|large step|clone ITERATIONS");
        return ExitCode::from(2);
    };
    let Some(&(_, per_line)) = FIRM_SIZES.iter().find(|(name, _)| name == size) else {
        eprintln!("unknown size `{size}`: use small, medium or large");
        return ExitCode::from(2);
    };
    let step = match mode.as_str() {
        "step" => true,
        "clone" => false,
        _ => {
            eprintln!("unknown mode `{mode}`: use step (clone and step) or clone (clone only)");
            return ExitCode::from(2);
        }
    };
    let Ok(iterations) = iterations.parse::<u32>() else {
        eprintln!("ITERATIONS must be a whole number, not `{iterations}`");
        return ExitCode::from(2);
    };
    let sim = warmed_up(per_line);
    for _ in 0..iterations {
        let mut firm = sim.clone();
        if step {
            black_box(firm.step().expect("valid decisions"));
        }
        black_box(&firm);
    }
    println!(
        "{} staff, {} clients",
        sim.staff().len(),
        sim.clients().len()
    );
    ExitCode::SUCCESS
}
