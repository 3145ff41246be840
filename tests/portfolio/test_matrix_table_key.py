"""The assessment matrix's table is cached under the key of what its rows show (portfolio.queries.scoring
.matrix_table_key): the same rows give the same key, and any change a reader would see gives a new one."""

from dataclasses import replace

from portfolio.queries.scoring import MatrixPoint, matrix_table_key


def _point(**changes) -> MatrixPoint:
    point = MatrixPoint(7, "Digital dødsbo", 3.2, 2.1, "3,2", "2,1",
                        "/portefolje/forslag/7/vurdering/", "Raske gevinster", 3, False)  # fmt: skip
    return replace(point, **changes)


def test_the_same_rows_the_same_key_and_every_visible_change_a_new_one():
    key = matrix_table_key([_point()])
    assert matrix_table_key([_point()]) == key
    for change in (
        {"reviewers": 4},
        {"disagreement": True},
        {"potential_text": "3,3"},
        {"complexity_text": "2,2"},
        {"label": "Strategiske"},
        {"url": "/portefolje/forslag/8/vurdering/"},
        {"title": "Digitalt dødsbo"},
    ):
        assert matrix_table_key([_point(**change)]) != key, change
    assert matrix_table_key([_point(), _point()]) != key  # one row more
