"""The proposal builder's form: one field per fact, in the words of the facts guide."""
