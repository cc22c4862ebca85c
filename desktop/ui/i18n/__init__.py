"""SegDesk's UI languages (DESIGN §11): choosing one, loading Qt translators, formatting numbers.

The translations are Qt's own: `resources/i18n/segdesk_<lang>.ts` (extracted from the `tr()`
strings of desktop/ui by `tools/i18n.py update`) plus `qt_<lang>.ts` (the Qt dialogs and standard
buttons SegDesk shows, for languages Qt ships no `qtbase_<lang>.qm` for), compiled together into
`segdesk_<lang>.qm` by `tools/i18n.py release` (run by `make`, the tests and the bundle build).
"""
