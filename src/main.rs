//! The `pressbox` binary: everything lives in the library; see `pressbox::cli`.

fn main() -> std::process::ExitCode {
    pressbox::cli::main()
}
