"""Slot fillers for the seed-corpus templates: real places, roads and bodies of Bà Rịa - Vũng Tàu.

A template writes ``{street}`` or ``{road}`` and the generator draws a filler from the lists
below. Names are real (streets, wards, beaches, markets, hospitals, industrial zones) so the
texts read like the province's own traffic; phone numbers and plates are random.
"""

from __future__ import annotations

# Streets of Vũng Tàu city.
STREETS_VUNG_TAU = [
    "Thùy Vân",
    "Hạ Long",
    "Quang Trung",
    "Trần Phú",
    "Lê Hồng Phong",
    "Nam Kỳ Khởi Nghĩa",
    "Ba Cu",
    "Lê Lợi",
    "Trưng Trắc",
    "Võ Thị Sáu",
    "Nguyễn An Ninh",
    "30 Tháng 4",
    "2 Tháng 9",
    "Bình Giã",
    "Nguyễn Hữu Cảnh",
    "Lê Quang Định",
    "Hoàng Hoa Thám",
    "Phan Chu Trinh",
    "Nguyễn Thái Học",
    "Thống Nhất",
    "Võ Văn Kiệt",
    "Trương Công Định",
    "Đô Lương",
    "Lưu Chí Hiếu",
    "Phạm Hồng Thái",
    "Lê Lai",
    "Xô Viết Nghệ Tĩnh",
    "Trần Hưng Đạo",
]
# Streets of Bà Rịa and the district towns.
STREETS_OTHER = [
    "Cách Mạng Tháng Tám",
    "Nguyễn Thanh Đằng",
    "Hùng Vương",
    "Nguyễn Tất Thành",
    "Trường Chinh",
    "Độc Lập",
    "Võ Văn Tần",
    "Nguyễn Hữu Thọ",
    "Huỳnh Minh Thạnh",
]
STREETS = STREETS_VUNG_TAU + STREETS_OTHER

WARDS = [
    "phường 1",
    "phường 2",
    "phường 5",
    "phường 7",
    "phường 8",
    "phường 9",
    "phường 10",
    "phường 11",
    "phường 12",
    "phường Thắng Nhất",
    "phường Thắng Nhì",
    "phường Thắng Tam",
    "phường Rạch Dừa",
    "phường Nguyễn An Ninh",
    "xã Long Sơn",
    "phường Phước Hiệp",
    "phường Phước Trung",
    "phường Long Toàn",
    "phường Long Hương",
    "phường Kim Dinh",
    "phường Phước Nguyên",
    "xã Hòa Long",
    "phường Mỹ Xuân",
    "phường Tân Phước",
    "phường Hắc Dịch",
    "phường Tân Hải",
    "xã Tóc Tiên",
    "xã Châu Pha",
    "thị trấn Long Hải",
    "xã Phước Tỉnh",
    "xã Tam Phước",
    "xã An Ngãi",
    "thị trấn Phước Hải",
    "xã Lộc An",
    "xã Láng Dài",
    "thị trấn Phước Bửu",
    "xã Bình Châu",
    "xã Bưng Riềng",
    "xã Hòa Hiệp",
    "thị trấn Ngãi Giao",
    "xã Kim Long",
    "xã Suối Nghệ",
    "xã Bình Ba",
]

# District-level areas (before July 2025) and well-known localities.
PLACES = [
    "Vũng Tàu",
    "Bà Rịa",
    "Phú Mỹ",
    "Long Điền",
    "Đất Đỏ",
    "Xuyên Mộc",
    "Châu Đức",
    "Côn Đảo",
    "Long Hải",
    "Phước Hải",
    "Bình Châu",
    "Hồ Tràm",
    "Long Sơn",
    "Ngãi Giao",
    "Mỹ Xuân",
    "Tân Thành",
    "Phước Tỉnh",
    "Hồ Cốc",
    "Kim Long",
]

ROADS = [
    "QL51",
    "quốc lộ 51",
    "QL55",
    "quốc lộ 56",
    "tỉnh lộ 44A",
    "tỉnh lộ 44B",
    "ĐT994",
    "đường ven biển Vũng Tàu - Bình Châu",
    "đường 3 Tháng 2",
    "đường Võ Nguyên Giáp",
    "cao tốc Biên Hòa - Vũng Tàu",
    "đường Mỹ Xuân - Ngãi Giao",
    "đường 991B",
    "đèo Nước Ngọt",
    "cầu Cỏ May",
    "đường Hội Bài - Châu Pha",
]

BEACHES = [
    "Bãi Sau",
    "Bãi Trước",
    "Bãi Dâu",
    "Bãi Dứa",
    "biển Long Hải",
    "biển Hồ Tràm",
    "biển Hồ Cốc",
    "biển Phước Hải",
    "biển Lộc An",
    "bãi Đầm Trầu",
    "biển Thùy Vân",
]

LANDMARKS = [
    "tượng Chúa Kitô",
    "Bạch Dinh",
    "hải đăng Vũng Tàu",
    "Mũi Nghinh Phong",
    "Hòn Bà",
    "Núi Lớn",
    "Núi Nhỏ",
    "Núi Minh Đạm",
    "Núi Dinh",
    "suối khoáng nóng Bình Châu",
    "nghĩa trang Hàng Dương",
    "Dinh Cô",
    "chùa Thích Ca Phật Đài",
    "công viên Bãi Trước",
    "quảng trường Tam Thắng",
    "nhà thờ Long Hương",
]

MARKETS = [
    "chợ Vũng Tàu",
    "chợ Xóm Lưới",
    "chợ Bà Rịa",
    "chợ Bến Đình",
    "chợ Rạch Dừa",
    "chợ Phước Hải",
    "chợ Long Hải",
    "chợ Phú Mỹ",
    "chợ Ngãi Giao",
    "chợ đêm Vũng Tàu",
    "chợ Phước Tỉnh",
    "chợ Côn Đảo",
]

HOSPITALS = [
    "Bệnh viện Bà Rịa",
    "Bệnh viện Lê Lợi",
    "Bệnh viện Vũng Tàu",
    "Trung tâm y tế Long Điền",
    "Trung tâm y tế Xuyên Mộc",
    "Trung tâm y tế Châu Đức",
    "Trung tâm y tế Phú Mỹ",
    "Bệnh viện Tâm thần tỉnh",
    "trạm y tế {ward}",
    "Quân y viện 96",
    "Trung tâm y tế Côn Đảo",
]

SCHOOLS = [
    "trường THPT Vũng Tàu",
    "trường THPT chuyên Lê Quý Đôn",
    "trường THPT Châu Thành",
    "trường THCS Võ Trường Toản",
    "trường tiểu học Thắng Nhất",
    "trường THCS Nguyễn An Ninh",
    "trường THPT Phú Mỹ",
    "trường THPT Xuyên Mộc",
    "trường mầm non Hoa Mai",
    "trường tiểu học Phước Thắng",
    "trường THCS Long Hải",
    "trường THPT Ngô Quyền",
]

INDUSTRIAL_ZONES = [
    "KCN Phú Mỹ 1",
    "KCN Phú Mỹ 2",
    "KCN Mỹ Xuân A",
    "KCN Đông Xuyên",
    "KCN Cái Mép",
    "KCN Long Sơn",
    "KCN Châu Đức",
    "KCN Đất Đỏ 1",
    "cụm cảng Cái Mép - Thị Vải",
    "tổ hợp hóa dầu Long Sơn",
]

RIVERS = [
    "sông Dinh",
    "sông Ray",
    "sông Thị Vải",
    "rạch Bến Đình",
    "kênh Bến Đình",
    "hồ Đá Đen",
    "hồ Sông Ray",
    "rạch Ông Đồ",
    "hồ Bàu Sen",
    "hồ Bàu Trũng",
]

LANDFILLS = ["bãi rác Tóc Tiên", "khu xử lý chất thải Tóc Tiên", "bãi rác Láng Dài"]

LOCAL_BODIES = [
    "UBND phường",
    "UBND xã",
    "công an phường",
    "công an xã",
    "ban quản lý chợ",
    "tổ dân phố",
    "UBND thành phố",
    "UBND thị xã",
    "UBND huyện",
]

PROVINCIAL_AGENCIES = [
    "Sở Giao thông vận tải",
    "Sở Tài nguyên và Môi trường",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Du lịch",
    "Công an tỉnh",
    "Sở Công Thương",
    "UBND tỉnh",
    "Sở Xây dựng",
    "Trung tâm Phục vụ hành chính công tỉnh",
]

TIMES = [
    "sáng nay",
    "chiều nay",
    "tối qua",
    "đêm qua",
    "sáng sớm nay",
    "chiều qua",
    "mấy hôm nay",
    "suốt tuần qua",
    "khoảng 7h sáng nay",
    "lúc 22h tối qua",
    "từ hôm qua đến giờ",
    "trưa nay",
    "hôm qua",
    "cuối tuần rồi",
    "rạng sáng nay",
    "khoảng 5 giờ chiều",
]

DATES = [
    "01/3",
    "15/3",
    "02/4",
    "20/4",
    "05/5",
    "18/5",
    "10/6",
    "25/6",
    "03/7",
    "14/7",
    "01/8",
    "22/8",
    "09/9",
    "30/9",
    "12/10",
    "28/10",
    "06/11",
    "19/11",
    "02/12",
    "15/12",
]

ITEMS = [
    "thịt heo",
    "rau xanh",
    "cá biển",
    "mực",
    "gạo",
    "trứng gà",
    "xăng",
    "gas",
    "sữa",
    "hải sản",
    "cà phê",
    "bánh mì",
    "nước đá",
]
TOURIST_ITEMS = [
    "ghẹ",
    "tôm hùm",
    "ốc",
    "mực nướng",
    "bánh khọt",
    "lẩu hải sản",
    "nước dừa",
    "dù che nắng",
    "ghế bố",
    "phòng khách sạn",
]

NUMBERS = ["2", "3", "4", "5", "6", "7", "8", "10", "12", "15", "20"]
DEPTHS = ["20", "30", "40", "50", "60", "70", "80"]
PRICES = ["50.000", "80.000", "100.000", "150.000", "200.000", "300.000", "500.000", "1 triệu"]
BUS_LINES = ["01", "03", "05", "06", "08", "11", "14", "16"]
CROWD = ["vài chục", "hàng chục", "khoảng 50", "gần 100", "hàng trăm", "hơn 200"]

#: Slot name → list of fillers. A filler may itself contain a slot (``trạm y tế {ward}``).
SLOTS: dict[str, list[str]] = {
    "street": STREETS,
    "street_vt": STREETS_VUNG_TAU,
    "ward": WARDS,
    "place": PLACES,
    "road": ROADS,
    "beach": BEACHES,
    "landmark": LANDMARKS,
    "market": MARKETS,
    "hospital": HOSPITALS,
    "school": SCHOOLS,
    "kcn": INDUSTRIAL_ZONES,
    "river": RIVERS,
    "landfill": LANDFILLS,
    "body": LOCAL_BODIES,
    "agency": PROVINCIAL_AGENCIES,
    "time": TIMES,
    "date": DATES,
    "item": ITEMS,
    "tourist_item": TOURIST_ITEMS,
    "num": NUMBERS,
    "cm": DEPTHS,
    "price": PRICES,
    "bus": BUS_LINES,
    "crowd": CROWD,
}
