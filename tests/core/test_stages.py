import pytest

from liaison.core.stages import UnknownStage, stage, stage_choices


def test_stage_has_name_and_document_prefix():
    dis = stage("40.20")
    assert dis.name == "DIS ballot initiated: 12 weeks"
    assert dis.document_prefix == "DIS"
    assert str(dis) == "40.20 DIS ballot initiated: 12 weeks"


@pytest.mark.parametrize("code", ["40.21", "4020", "", "xx.yy", "99.99"])
def test_unknown_codes_are_rejected(code):
    with pytest.raises(UnknownStage, match="not an ISO harmonized stage code"):
        stage(code)


def test_choices_are_in_stage_order():
    codes = [code for code, _ in stage_choices()]
    assert codes == sorted(codes)
    assert codes[0] == "00.00" and codes[-1] == "95.99"
