"""The Codebase Analysis report: how it is built (build), its layering and its questions.

Its data model is ``fitness.report_model``, below, so that reporters depend on values only.
"""
