"""The report's inline SVG pictures, a module each; ``fitness.reporters.svg`` is their front."""
