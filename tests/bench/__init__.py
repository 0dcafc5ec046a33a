"""The benchmark suite (DESIGN §10): each operation beside its floor, measured in the same run."""
