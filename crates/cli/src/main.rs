//! The `stowaway` command line.

fn main() {
    // TODO(#2): the check command.
}
