"""Programme files in and out.

``toml`` reads a TOML file into the model, with ``lines`` mapping
each problem to its line; ``dump`` writes a programme back as plain data or TOML.
"""
