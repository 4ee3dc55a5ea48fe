//! With the `split` feature, keep the linker's relocations in the wasm: wasm-split-cli needs
//! them to tell which functions (and which function-table entries) each page reaches.
fn main() {
    println!("cargo:rerun-if-env-changed=CARGO_FEATURE_SPLIT");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    if wasm && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo:rustc-link-arg=--emit-relocs");
    }
}
