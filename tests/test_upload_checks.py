import numpy as np
import pandas as pd
import pandera.pandas as pa
import pytest

from ikzmap.upload.cells import value_problems
from ikzmap.upload.result import check_values


@pytest.mark.parametrize(
    ("values", "what", "expected"),
    [
        ([1.0, 0.0, 6250.0], "count", {}),
        ([-1.0], "count", {10: "Anzahl ist negativ"}),
        ([2.5], "count", {10: "Anzahl ist keine ganze Zahl"}),
        ([-2.5], "count", {10: "Anzahl ist negativ; Anzahl ist keine ganze Zahl"}),
        ([2e6], "count", {10: "Anzahl ist unplausibel groß (höchstens 1.000.000)"}),
        ([np.nan, 3.0], "count", {}),  # missing values are reported elsewhere
        ([1.2e8], "population", {10: "Einwohnerzahl ist unplausibel groß (höchstens 100.000.000)"}),
        ([17_900_000.0], "population", {}),
    ],
)
def test_value_problems(values, what, expected):
    series = pd.Series(values, index=range(10, 10 + len(values)), dtype="float64")
    assert value_problems(series, what) == expected


def test_value_problems_unknown_kind():
    with pytest.raises(ValueError, match="count, population"):
        value_problems(pd.Series([1.0]), "area")


def _values(keys, counts, provenance="hochgeladen"):
    return pd.DataFrame(
        {"count": pd.array(counts, dtype="Int64"), "provenance": [provenance] * len(keys)},
        index=pd.Index(keys, name="key"),
    )


def test_dataset_contract_accepts_valid_values():
    frame = _values(["055", "05562", "05562032"], [1, 0, 3])
    assert check_values(frame) is not None


@pytest.mark.parametrize(
    "frame",
    [
        _values(["0556"], [1]),
        _values(["05562", "05562"], [1, 2]),
        _values(["05562"], [-1]),
        _values(["05562"], [None]),
        _values(["05562"], [1], provenance="amtlich"),
        _values(["05562"], [1]).assign(extra=1),
    ],
)
def test_dataset_contract_rejects_broken_values(frame):
    with pytest.raises((pa.errors.SchemaError, pa.errors.SchemaErrors)):
        check_values(frame)
