"""Labels of stored choices."""


def label_of(choices, value):
    """The label of a stored choice (`choices` is a TextChoices/IntegerChoices class), or the stored value when it is
    not one of them: what Django's `get_FOO_display()` answers, from the enum's own lookup rather than a dict of every
    choice rebuilt on each call. Models define `get_FOO_display()` with it for the fields their list pages show on
    every row (Django keeps a `get_FOO_display()` a model defines)."""
    try:
        return choices(value).label
    except ValueError:
        return value
