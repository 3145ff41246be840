"""Demo and synthetic data, above every other app (it writes rows of them all):

- `reference`: the real landscape of the source documents (`tables`, `digdir`, `organisations`), the demo logins
  (`users`) and clearly flagged illustrative data (`illustrative`), loaded by `manage.py load_demo`;
- `generate`: a deterministic synthetic portfolio for benchmarks, loaded by `manage.py generate_portfolio`.

Nothing else imports this app."""
