"""Declared dependencies, one module per declaration source, each read statically.

Nothing here executes the target or looks at the environment archfit runs in: ``pyproject.py``
reads PEP 621, PEP 735, Poetry, PDM and uv tables; ``setuptools.py`` reads ``setup.cfg`` and the
literals of ``setup.py``; ``requirements.py`` reads requirements files and their includes;
``locks.py`` reads lock files and ``*.dist-info`` metadata the target holds.
"""
