"""Hand-written full texts of the seed corpus: hard and mixed cases that templates do not make.

Each entry is ``(topic, sentiment, sensitive, text)``. These cover sarcasm ("cảm ơn" that is a
complaint), praise with a "but" that turns it negative, news-like neutral reports of bad
events, questions that name a problem without judging it, and texts written in teencode or
without diacritics by their authors. The generator uses them as they are (and sometimes in
another register: without diacritics, with emoji).
"""

from __future__ import annotations

HANDWRITTEN: list[tuple[str, str, int, str]] = [
    # ---- traffic
    ("traffic", "neg", 0, "Cảm ơn thành phố đã tặng dân Vũng Tàu một con đường toàn ổ gà để tập lái xe địa hình 👏👏"),
    (
        "traffic",
        "neg",
        0,
        "Đường mới làm xong được đúng 2 tháng đã đào lên lại, tiền thuế của dân chứ có phải tiền chùa đâu",
    ),
    ("traffic", "neg", 0, "QL51 giờ này đừng ai dại mà đi nha, nhích từng mét từ Long Thành về tới Phú Mỹ"),
    ("traffic", "neg", 0, "vong xoay 3/2 chieu nao cung ket, den xanh co 15 giay thi ai qua kip"),
    ("traffic", "neg", 0, "Đi làm mỗi sáng qua cầu Cỏ May mà như đánh trận, xe container ép xe máy sát lề"),
    (
        "traffic",
        "neu",
        0,
        "Khoảng 6h30 sáng nay trên QL51 đoạn qua thị xã Phú Mỹ xảy ra va chạm giữa hai ô tô con, không có thương vong, giao thông ùn ứ khoảng 30 phút",
    ),
    ("traffic", "neu", 0, "Mình ở Bà Rịa, mai cần ra Côn Đảo bằng tàu, từ bến Cát Lở thì đi xe buýt tuyến nào vậy ạ?"),
    (
        "traffic",
        "pos",
        0,
        "Phải công nhận từ hồi có camera phạt nguội trên đường 3 Tháng 2, xe chạy ngay hàng thẳng lối hẳn",
    ),
    (
        "traffic",
        "pos",
        0,
        "Hôm qua xe mình bể bánh giữa đường ven biển, may có hai anh CSGT dừng lại phụ thay bánh, tử tế quá",
    ),
    ("traffic", "neg", 0, "Tưởng nâng cấp xong sẽ hết kẹt, ai ngờ giờ còn kẹt hơn hồi chưa làm, đúng là hết nói nổi"),
    # ---- flooding
    ("flooding", "neg", 0, "Vũng Tàu mùa mưa: sáng đi làm bằng xe máy, chiều về bằng ca nô 🙃"),
    (
        "flooding",
        "neg",
        0,
        "Năm nào cũng hứa chống ngập, năm nào Thùy Vân cũng thành sông, dân nghe riết thuộc lòng luôn rồi",
    ),
    ("flooding", "neg", 0, "mua co 15p ma hem nha em nuoc len toi goi, xe chet may het tron, ai lo cho dan day"),
    (
        "flooding",
        "neu",
        0,
        "Theo Đài khí tượng thủy văn tỉnh, chiều tối nay khu vực Vũng Tàu có thể có mưa rào và dông, triều cường ở mức 4,1 m",
    ),
    (
        "flooding",
        "neu",
        1,
        "Bão số 9 dự kiến ảnh hưởng trực tiếp đến vùng biển Bà Rịa - Vũng Tàu từ tối mai, các xã ven biển Xuyên Mộc chuẩn bị phương án sơ tán dân",
    ),
    ("flooding", "pos", 0, "Đúng là có đầu tư là khác, năm nay mưa to cỡ nào Bình Giã cũng rút nước trong 20 phút"),
    (
        "flooding",
        "neg",
        1,
        "Sóng biển đánh sập hơn chục căn nhà ở Phước Tỉnh trong đêm, bà con ôm con chạy giữa mưa gió, thương lắm",
    ),
    (
        "flooding",
        "pos",
        1,
        "Trong đêm bão, các anh biên phòng Bình Châu lội nước đưa từng cụ già, em nhỏ lên xe ra điểm sơ tán, không biết nói gì hơn ngoài hai chữ cảm ơn",
    ),
    # ---- environment
    ("environment", "neg", 0, "Ở Phú Mỹ mà muốn thở không khí sạch chắc phải mua bình oxy mang theo"),
    (
        "environment",
        "neg",
        0,
        "Sông Thị Vải từng chết vì Vedan, giờ lại có dấu hiệu nước đen trở lại, ai chịu trách nhiệm?",
    ),
    (
        "environment",
        "neg",
        0,
        "Đêm nào khoảng 11 giờ cũng có mùi khét như đốt nhựa bay về khu Mỹ Xuân, cả nhà phải đóng kín cửa ngủ",
    ),
    (
        "environment",
        "neu",
        0,
        "Theo kết quả quan trắc tự động, chỉ số VN_AQI tại trạm Vũng Tàu trong tuần qua dao động từ 45 đến 78",
    ),
    (
        "environment",
        "neu",
        1,
        "Khoảng 14h chiều nay xảy ra cháy thực bì trên núi Dinh, lực lượng kiểm lâm và quân đội đang khống chế, chưa ghi nhận thiệt hại về người",
    ),
    (
        "environment",
        "pos",
        0,
        "Sáng nay chạy bộ Núi Nhỏ, gió biển mát rượi, nhìn xuống Bãi Trước trong vắt, yêu Vũng Tàu quá đi",
    ),
    (
        "environment",
        "pos",
        0,
        "Hồi đó mùi hôi từ nhà máy bột cá làm cả xóm khổ, từ khi bị đình chỉ thì không khí trong lành hẳn, cảm ơn cơ quan chức năng",
    ),
    ("environment", "neg", 0, "Nói là khu công nghiệp xanh mà ống khói nhả khói đen suốt đêm, xanh chỗ nào vậy trời"),
    # ---- waste
    ("waste", "neg", 0, "Bãi Sau sáng chủ nhật: rác nhiều hơn người 😑"),
    ("waste", "neg", 0, "Phường ra quân dọn rác chụp hình đăng báo xong, hôm sau đâu lại vào đấy"),
    ("waste", "neg", 0, "Xe rac chay qua hem nuoc rac chay long tong ca duong, hoi kinh khung"),
    (
        "waste",
        "neu",
        0,
        "Kể từ tháng 7, phường Thắng Tam thu gom rác vào khung giờ 18h - 21h, đề nghị hộ dân để rác đúng nơi quy định",
    ),
    (
        "waste",
        "pos",
        0,
        "Hẻm 42 Lê Lợi giờ có thùng rác phân loại, các bạn trẻ tình nguyện hướng dẫn từng nhà, đi ngang thấy sạch hẳn",
    ),
    (
        "waste",
        "pos",
        0,
        "Thấy mấy cô lao công 4 giờ sáng đã quét dọn xong cả đoạn Thùy Vân mà thương, mọi người bỏ rác đúng chỗ giúp các cô nha",
    ),
    ("waste", "neg", 1, "Người dân Tóc Tiên lại chặn xe rác lần thứ ba trong tháng, mùi hôi không chịu nổi nữa rồi"),
    # ---- public_service
    (
        "public_service",
        "neg",
        0,
        "Dịch vụ công trực tuyến mức 4 mà vẫn bắt lên phường nộp bản giấy, vậy online để làm gì?",
    ),
    (
        "public_service",
        "neg",
        0,
        "Đi làm giấy tờ ở phường mà cảm giác như đi xin, cán bộ chưa nghe hết đã phẩy tay bảo về bổ sung",
    ),
    (
        "public_service",
        "neg",
        0,
        "hs nop tu thang 3 toi gio van chua co ket qua, goi len thi bao dang trinh ky, trinh ky gi ma lau vay",
    ),
    (
        "public_service",
        "neu",
        0,
        "Cho mình hỏi làm lại giấy khai sinh bị mất thì có làm online được không hay phải lên UBND phường ạ?",
    ),
    (
        "public_service",
        "neu",
        0,
        "UBND tỉnh vừa ban hành quyết định công bố danh mục 125 thủ tục hành chính được thực hiện trực tuyến toàn trình",
    ),
    (
        "public_service",
        "pos",
        0,
        "Lần đầu tiên đi làm giấy tờ mà được cán bộ mời ngồi, rót nước, hướng dẫn từng chút, phường 7 làm tốt quá",
    ),
    (
        "public_service",
        "pos",
        0,
        "Gửi phản ánh trên app lúc 9h, 2h chiều đã có anh cán bộ phường gọi lại hẹn xuống kiểm tra. Đúng là thời 4.0",
    ),
    (
        "public_service",
        "neg",
        0,
        "Cảm ơn phường đã cho tôi đi lại 5 lần chỉ để xin một con dấu, rất rèn luyện sức khỏe",
    ),
    (
        "public_service",
        "neg",
        0,
        "Khen cán bộ tiếp nhận nhiệt tình nhưng trả kết quả trễ hẹn 2 tuần thì cũng như không",
    ),
    # ---- health
    ("health", "neg", 0, "Vào viện lúc 7h, 11h mới được gặp bác sĩ 3 phút, rồi lại xếp hàng lấy thuốc tới 2h chiều"),
    ("health", "neg", 0, "Bác sĩ giỏi nhưng cái thái độ của mấy bạn ở quầy tiếp đón thì thôi khỏi nói"),
    (
        "health",
        "neg",
        1,
        "Xóm tôi ở Rạch Dừa đã có 6 đứa nhỏ sốt xuất huyết phải nhập viện, mà chưa thấy ai xuống phun thuốc diệt muỗi",
    ),
    (
        "health",
        "neg",
        1,
        "Hơn 40 công nhân công ty may ở KCN Mỹ Xuân A nhập viện sau bữa trưa, nhiều người nôn ói, co giật",
    ),
    (
        "health",
        "neu",
        1,
        "Trung tâm Kiểm soát bệnh tật tỉnh cho biết từ đầu năm đến nay ghi nhận 1.250 ca sốt xuất huyết, tăng 30% so với cùng kỳ",
    ),
    (
        "health",
        "neu",
        0,
        "Trạm y tế phường Thắng Nhì có tiêm vắc xin phòng dại không mọi người, con mình bị chó nhà hàng xóm cắn nhẹ",
    ),
    (
        "health",
        "pos",
        0,
        "Ba tôi bị đột quỵ lúc nửa đêm, nhờ các bác sĩ Bệnh viện Bà Rịa can thiệp kịp thời mà giờ đã đi lại được. Cả nhà mang ơn",
    ),
    (
        "health",
        "pos",
        0,
        "Giờ khám BHYT ở trung tâm y tế huyện nhanh hơn hồi trước nhiều, bốc số điện tử, có màn hình gọi tên, không còn chen lấn",
    ),
    (
        "health",
        "pos",
        1,
        "Cảm ơn đội y tế phường đã đến tận nhà phun thuốc, phát màn, dặn dò từng nhà, giờ khu mình không còn ca sốt xuất huyết mới",
    ),
    # ---- education
    (
        "education",
        "neg",
        0,
        "Đầu năm học, phụ huynh nhận tờ danh sách 14 khoản thu, đọc xong muốn cho con nghỉ học luôn",
    ),
    ("education", "neg", 0, "Con học lớp 2 mà tối nào cũng làm bài tới 10h, học thêm 4 buổi một tuần, tuổi thơ ở đâu"),
    (
        "education",
        "neg",
        1,
        "Clip học sinh lớp 8 bị nhóm bạn đánh hội đồng, quay clip tung lên mạng, nhà trường nói chỉ là mâu thuẫn nhỏ",
    ),
    ("education", "neu", 0, "Sở GD&ĐT cho biết kỳ thi tuyển sinh lớp 10 năm nay có hơn 18.000 thí sinh đăng ký dự thi"),
    (
        "education",
        "neu",
        0,
        "Cho hỏi trường mầm non công lập ở phường 10 có nhận bé 2 tuổi không ạ, hồ sơ nộp lúc nào?",
    ),
    (
        "education",
        "pos",
        0,
        "Cô chủ nhiệm lớp con mình tuần nào cũng nhắn tình hình học tập, con tiến bộ rõ rệt, biết ơn cô lắm",
    ),
    (
        "education",
        "pos",
        0,
        "Trường mới ở Long Sơn khánh thành rồi, các con không phải đi đò qua sông đi học nữa, mừng rơi nước mắt",
    ),
    (
        "education",
        "neg",
        0,
        "Trường chuẩn quốc gia mà nhà vệ sinh học sinh không có nước, con nhịn cả buổi không dám đi",
    ),
    # ---- tourism
    (
        "tourism",
        "neg",
        0,
        "3 con ghẹ 1,2 triệu, ăn xong tính thêm tiền khăn lạnh, tiền đậu phộng, tiền ngồi. Lần cuối ra Bãi Sau",
    ),
    ("tourism", "neg", 0, "Khen Vũng Tàu đẹp thì đẹp thật, nhưng cái nạn chặt chém thì chục năm rồi vẫn vậy"),
    ("tourism", "neg", 0, "di vung tau cuoi tuan, gui xe 50k, tam trang 30k, ghe bo 100k, di choi ma nhu bi moc tui"),
    (
        "tourism",
        "neu",
        0,
        "Dịp nghỉ lễ 30/4 - 1/5, Vũng Tàu đón khoảng 350.000 lượt khách, công suất phòng khách sạn đạt 90%",
    ),
    ("tourism", "neu", 0, "Mọi người cho mình xin review homestay ở Long Hải cho nhóm 8 người với, đi đầu tháng sau"),
    ("tourism", "pos", 0, "Côn Đảo đúng là thiên đường, biển trong vắt, người dân hiền, đồ ăn giá niêm yết đàng hoàng"),
    ("tourism", "pos", 0, "Ra Hồ Tràm cuối tuần, resort sạch sẽ, nhân viên dễ thương, giá hợp lý, chắc chắn quay lại"),
    ("tourism", "neg", 0, "Du lịch Vũng Tàu giờ văn minh lắm, chỉ có 1 con cua mà tính 800 nghìn thôi 🙂"),
    (
        "tourism",
        "neg",
        1,
        "Nhóm khách từ Sài Gòn bị chủ quán và người làm đánh tới chảy máu đầu chỉ vì hỏi lại hóa đơn, công an vào cuộc chưa?",
    ),
    # ---- security
    (
        "security",
        "neg",
        0,
        "Mới để xe trước tiệm tạp hóa 2 phút vào mua chai nước, ra đã mất xe, khu Rạch Dừa dạo này trộm như rươi",
    ),
    (
        "security",
        "neg",
        0,
        "Có ai bị gọi giả danh công an phường đòi cập nhật định danh điện tử không, nó biết cả số CCCD của mình luôn",
    ),
    (
        "security",
        "neg",
        1,
        "Tối qua ở Long Hải hai nhóm thanh niên cầm mã tấu rượt chém nhau giữa đường, dân đóng cửa trốn hết",
    ),
    (
        "security",
        "neg",
        1,
        "Cháy lớn ở dãy nhà trọ đường Bình Giã, lửa lan nhanh, người dân phá tường cứu người bị kẹt",
    ),
    (
        "security",
        "neu",
        1,
        "Công an thành phố Vũng Tàu đã tạm giữ 5 đối tượng liên quan vụ hỗn chiến tại phường Thắng Nhất tối 12/5",
    ),
    ("security", "neu", 0, "Theo Công an tỉnh, 6 tháng đầu năm tội phạm về trật tự xã hội giảm 8% so với cùng kỳ"),
    (
        "security",
        "pos",
        0,
        "Mất ví ở chợ Xóm Lưới, chiều đã có công an phường gọi lên nhận lại đủ giấy tờ và tiền, cảm ơn các anh nhiều",
    ),
    (
        "security",
        "pos",
        1,
        "Chỉ 20 phút sau khi báo cháy, xe chữa cháy đã tới, các anh PCCC đưa được cả nhà 5 người ra an toàn, quá tuyệt vời",
    ),
    (
        "security",
        "neg",
        0,
        "Công an phường tuần tra dữ lắm, toàn tuần tra mấy quán nhậu thôi, chứ trộm thì vẫn vào nhà dân đều đều",
    ),
    # ---- prices
    ("prices", "neg", 0, "Lương không tăng mà giá cái gì cũng tăng, đi chợ 200 nghìn giờ chỉ được một bữa"),
    (
        "prices",
        "neg",
        0,
        "Tiền điện tháng này 2 triệu 4 trong khi nhà có 3 người, điện lực giải thích là do nắng nóng, nghe mà muốn khóc",
    ),
    ("prices", "neg", 0, "gia xang vua tang la gia ca phe, bun bo cung tang theo lien, luong thi dung im"),
    ("prices", "neu", 0, "Giá xăng RON 95 từ 15h chiều nay giảm 320 đồng/lít, xăng E5 giảm 290 đồng/lít"),
    ("prices", "neu", 0, "Mọi người cho hỏi gạo ST25 ở chợ Bà Rịa giờ bao nhiêu một ký vậy?"),
    ("prices", "pos", 0, "Phiên chợ nông sản cuối tuần ở Bà Rịa rau củ tươi mà rẻ hơn siêu thị cả chục nghìn, quá ưng"),
    (
        "prices",
        "pos",
        0,
        "Tết năm nay giá thực phẩm ở chợ ổn định, không thấy tình trạng tăng giá như mọi năm, đi chợ thoải mái",
    ),
    (
        "prices",
        "neg",
        0,
        "Chợ có cân đối chứng đặt ngay cổng nhưng chưa thấy ai dám mang ra cân lại, mua 1 ký thịt về còn 850 gam",
    ),
    # ---- land
    (
        "land",
        "neg",
        0,
        "Đất của ông bà để lại, ở từ năm 1975, giờ nói nằm trong quy hoạch không cho làm sổ, dân biết kêu ai",
    ),
    ("land", "neg", 0, "Quy hoạch treo 15 năm, nhà dột không được sửa, muốn bán cũng không ai mua"),
    (
        "land",
        "neg",
        1,
        "Hàng trăm hộ dân Long Sơn kéo ra đường căng băng rôn phản đối giá đền bù, lực lượng chức năng phải chốt chặn",
    ),
    (
        "land",
        "neu",
        0,
        "UBND tỉnh vừa phê duyệt điều chỉnh quy hoạch chung thành phố Bà Rịa đến năm 2040, tầm nhìn đến năm 2050",
    ),
    ("land", "neu", 0, "Nhà mình muốn tách thửa đất 200m2 ở Hòa Long thì diện tích tối thiểu phải bao nhiêu ạ?"),
    (
        "land",
        "neu",
        1,
        "Chiều nay UBND thị xã Phú Mỹ tổ chức đối thoại với hơn 60 hộ dân khiếu nại về phương án bồi thường dự án cảng",
    ),
    (
        "land",
        "pos",
        0,
        "Chờ 8 năm, cuối cùng sổ đỏ cũng về tay. Cảm ơn anh cán bộ địa chính xã đã đi lại đo đạc mấy lần không lấy đồng nào",
    ),
    ("land", "pos", 0, "Khu tái định cư mới ở Long Điền có trường, có chợ, đường rộng, bà con về ở ai cũng khen"),
    (
        "land",
        "neg",
        0,
        "Khen chính quyền đối thoại cởi mở, nhưng đối thoại 3 lần rồi giá đền bù vẫn y nguyên thì đối thoại làm gì",
    ),
    # ---- other
    ("other", "neg", 0, "Cúp điện đúng lúc 40 độ, điện lực nhắn tin báo trước 5 phút, cảm ơn đã báo sớm 🙂"),
    ("other", "neg", 0, "Đèn đường hẻm tôi hư 3 tháng, báo phường 4 lần, giờ tối đi về phải bật đèn pin điện thoại"),
    ("other", "neu", 0, "Có ai biết chỗ nào ở Vũng Tàu nhận sửa máy lạnh uy tín không ạ"),
    ("other", "neu", 0, "Chúc mọi người cuối tuần vui vẻ, Vũng Tàu hôm nay trời mát"),
    ("other", "neu", 0, "Ai đánh rơi một túi hồ sơ ở trạm xe buýt Lê Lợi sáng nay thì nhắn tin cho mình nhé"),
    (
        "other",
        "pos",
        0,
        "Sáng nay kẹt xe ở Bà Rịa, một chú xe ôm cho mình đi nhờ tới tận bệnh viện mà không lấy tiền. Người Vũng Tàu dễ thương lắm",
    ),
    (
        "other",
        "pos",
        0,
        "Mười năm trước đường hẻm nhà tôi còn là đường đất, giờ bê tông, có đèn, có camera, cảm ơn chính quyền và bà con cùng góp sức",
    ),
    (
        "other",
        "neg",
        1,
        "Trạm biến áp đầu hẻm phát nổ lúc 2 giờ sáng, lửa phụt ra cháy cả mái tôn nhà bên cạnh, cả xóm mất điện",
    ),
]
