"""Figures: target/actual records extracted from documents (extract), the indicator catalogue
(catalogue), cited documents (docrefs), and choosing the figures a question asks for (select)."""
