//! Links the release wasm with its relocations kept when the lab's code is split into
//! its own chunk (the `split` feature): `cargo xtask build` splits the module there.
//! A link argument rather than RUSTFLAGS, so turning the feature on rebuilds only
//! this crate, not every dependency.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    if wasm && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo::rustc-link-arg=--emit-relocs");
    }
}
