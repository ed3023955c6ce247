"""One module per platform; each registers its policy with :func:`penalties.register_policy`."""
