//! `cloudlab-course`: the course player for authors and teachers.
//!
//! ```text
//! cloudlab-course play N [FILE] [--lang en|ko]
//! ```
//!
//! Everything happens in [`cloudlab_course::player::main_with`], where it is
//! tested; this only hands it the process's arguments and streams.

fn main() {
    let args: Result<Vec<String>, _> = std::env::args_os()
        .skip(1)
        .map(std::ffi::OsString::into_string)
        .collect();
    let code = match args {
        Ok(args) => cloudlab_course::player::main_with(
            &args,
            &mut std::io::stdin().lock(),
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        ),
        Err(arg) => {
            eprintln!("cloudlab-course: an argument is not valid UTF-8: {arg:?}");
            2
        }
    };
    std::process::exit(code);
}
