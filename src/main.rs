//! The `qualcode` command: a thin shell over the library; see `qualcode --help`.

use std::process::ExitCode;

fn main() -> ExitCode {
    qualcode::cli::main(std::env::args_os())
}
