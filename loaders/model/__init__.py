"""The learned parts of extraction (issue 13): the training corpus, cross-validation by
document, relation candidates and their features, the trained relation decision, and
evaluation against gold with the corpus's own scorer."""
