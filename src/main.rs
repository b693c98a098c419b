//! The `qualcode` command: a thin shell over the library; see `qualcode --help`.

use std::process::ExitCode;

// Auto-coding makes millions of small strings (one per coding field, per
// turn); mimalloc serves them from per-thread pages. Its `no_thp` feature
// keeps transparent huge pages off, which otherwise cost a 2 MB page clear
// per fresh page and double peak memory. See BENCHMARKS.md.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    qualcode::cli::main(std::env::args_os())
}
