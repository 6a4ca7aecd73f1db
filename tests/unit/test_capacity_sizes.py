"""DynamoDB's item-size and request-unit arithmetic used by the local capacity meter."""
from infra.local.capacity import item_size, read_units, value_size, write_units


def test_sizes_follow_the_published_rules():
    assert value_size({"S": "peda"}) == 4
    assert value_size({"S": "पेड़ा"}) == len("पेड़ा".encode())     # UTF-8 bytes
    assert value_size({"N": "12345"}) == 4                        # ~1 byte per 2 digits + 1
    assert value_size({"BOOL": True}) == 1 and value_size({"NULL": True}) == 1
    assert value_size({"L": [{"S": "ab"}, {"N": "1"}]}) == 3 + (1 + 2) + (1 + 2)
    assert value_size({"M": {"k": {"S": "v"}}}) == 3 + 1 + 1 + 1
    assert item_size({"pk": {"S": "P#1"}, "qty": {"N": "3"}}) == 2 + 3 + 3 + 2


def test_units_round_up_and_halve_for_eventual_reads():
    assert read_units(1, consistent=False) == 0.5
    assert read_units(4096, consistent=True) == 1 and read_units(4097, consistent=True) == 2
    assert read_units(100, consistent=True, transactional=True) == 2
    assert write_units(0) == 1 and write_units(1024) == 1 and write_units(1025) == 2
