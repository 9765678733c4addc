"""The fields of a resident ID card, with the labels printed on it (in reading order)."""

FIELD_LABELS = {
    "name": "姓名",
    "sex": "性别",
    "ethnicity": "民族",
    "birth_date": "出生",
    "address": "住址",
    "id_number": "公民身份号码",
    "issuer": "签发机关",
    "valid_from": "有效期自",
    "valid_to": "有效期至",
}
