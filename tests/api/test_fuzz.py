"""The schema-driven fuzzer against a live server with the demo data: no 5xx, no response outside its schema,
no undocumented status, no valid request refused, no invalid request accepted (see tests/api/fuzz.py)."""
import re

import pytest

from tests.api import fuzz


@pytest.mark.slow
def test_api_holds_its_contract_under_the_fuzzer():
    results = fuzz.fuzz(max_examples=6, max_time=100, seed=19)
    assert [r["role"] for r in results] == ["admin", "enterprise"]
    for result in results:
        output = result["output"]
        print(f"{result['role']}: {result['operations_tested']} operations, {result['cases']} test cases, "
              f"{result['requests']} requests, {result['failures']} failures, {result['server_errors']} 5xx, "
              f"statuses {result['statuses']}")
        tested = re.search(r"Tested: (\d+)", output)
        # Every operation of the document was exercised, with the admin's token and the enterprise's.
        assert tested and int(tested.group(1)) >= 87, output[-3000:]
        # Not a vacuous run: every operation, and (even on a loaded 2-core machine) a few hundred cases.
        assert result["operations_tested"] >= 87 and result["cases"] >= 200 and result["requests"] >= 200, (
            result["operations_tested"], result["cases"], result["requests"], output[-3000:])
        assert result["server_errors"] == 0, (result["statuses"], result["server_log"])
        assert result["status"] == 0 and result["failures"] == 0 and result["errors"] == 0, output[-8000:]
