"""Questionnaires: safe YAML in, checked and frozen records out.

``yamlsafe`` reads files safely, ``schema`` checks their shape, ``load`` and
``checks`` check the whole questionnaire and build the records of ``model``,
``conditions`` is the small ``when`` language and ``answers`` reads answers files.
"""
