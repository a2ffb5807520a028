//! Entry point of the wasm bundle: installs the panic hook and mounts the app.

fn main() {
    proeftuin_wizard::start();
}
