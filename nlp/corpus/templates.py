"""Hand-written core templates of the seed corpus, one list per IOC topic.

Each entry is ``(sentiment, sensitive, template)``. ``sentiment`` is ``"neg"``, ``"neu"`` or
``"pos"``; ``sensitive`` is 1 when the text concerns a protest, riot, disaster, epidemic, fire
or violence. A template says what happened; the generator wraps it in an opening and a closing
of some register. ``[a|b|c]`` picks one alternative (``[|x]`` makes ``x`` optional) and
``{slot}`` draws a filler from :mod:`nlp.corpus.slots`. The labels are the writer's judgement
of the content, following the labelling guide in ``DATASHEET.md``.
"""

from __future__ import annotations

TEMPLATES: dict[str, list[tuple[str, int, str]]] = {
    "traffic": [
        (
            "neg",
            0,
            "[Đoạn|Khúc|Tuyến] {road} qua {place} [kẹt xe|ùn tắc|kẹt cứng] [hơn|gần] {num} tiếng [liền|], xe container [nối đuôi nhau|chen lấn|lấn làn][| rất nguy hiểm]",
        ),
        (
            "neg",
            0,
            "Đèn tín hiệu [ở|tại] ngã tư {street_vt} [hỏng|bị hư|không hoạt động] [mấy ngày nay|từ tuần trước|cả tuần nay], xe [đi lộn xộn|chạy loạn xạ|tranh nhau qua giao lộ]",
        ),
        (
            "neg",
            0,
            "Xe [tải|ben] [chở đất|chở cát|chở vật liệu] [làm rơi vãi|để rơi] [đất đá|cát] khắp [đường|mặt đường] {street}, [bụi mù mịt|trơn trượt|xe máy té liên tục]",
        ),
        (
            "neg",
            0,
            "[Mặt đường|Đường] {street} [ở|tại] {ward} [đầy|xuất hiện nhiều] [ổ gà|ổ voi|hố sâu], [đã có|mấy hôm nay có] [người té|xe máy ngã|tai nạn] [mà chưa ai sửa|nhưng chưa thấy sửa|vẫn chưa được khắc phục]",
        ),
        (
            "neg",
            0,
            "[Vụ|Một vụ] tai nạn [giữa xe máy và xe tải|giữa ô tô và xe máy|liên hoàn] trên {road} [đoạn qua|khu vực] {place} [khiến|làm] {num} người [bị thương|phải nhập viện]",
        ),
        (
            "neg",
            0,
            "[Nhiều|Rất nhiều] [ô tô|xe du lịch|xe khách] [đậu|đỗ] [tràn lan|hai bên] [trên|dọc] đường {street_vt}[, chiếm hết lòng đường|, đường chỉ còn một làn| gây ùn ứ cả buổi]",
        ),
        (
            "neg",
            0,
            "[Tình trạng|Nạn] [xe dù|xe hợp đồng|xe khách] [dừng đón khách|bắt khách] [dọc|trên] {road} [vẫn diễn ra công khai|gây mất an toàn|rất nguy hiểm cho người đi đường]",
        ),
        (
            "neg",
            0,
            "Xe [mang biển số|biển] {plate} [chạy ẩu|lạng lách|vượt đèn đỏ|chạy ngược chiều] trên đường {street}, [suýt tông|xém đâm vào] [người đi bộ|học sinh|một xe máy]",
        ),
        (
            "neg",
            0,
            "[Công trình|Dự án] [sửa|nâng cấp] {road} [kéo dài|dang dở] [cả năm|nhiều tháng] [chưa xong|không xong], rào chắn [chiếm đường|làm hẹp lòng đường], [kẹt xe|ùn tắc] [mỗi chiều|giờ tan tầm]",
        ),
        (
            "neg",
            0,
            "[Không có|Thiếu] [biển báo|đèn chiếu sáng|vạch kẻ đường] [ở|tại] [khúc cua|đoạn] {road} gần {place}, [ban đêm tối om|tối đi rất nguy hiểm|đã xảy ra mấy vụ va chạm]",
        ),
        (
            "neg",
            0,
            "[Giờ tan tầm|Cuối tuần|Sáng nào cũng vậy] [đường|khu vực] {street_vt} [kẹt xe|ùn ứ|tắc nghẽn] [kéo dài|hàng cây số], [không thấy|chẳng thấy|vắng bóng] [ai|lực lượng nào] [phân luồng|điều tiết]",
        ),
        (
            "neg",
            1,
            "[Nhóm|Hàng chục] [thanh niên|quái xế] [tụ tập|rủ nhau] đua xe trên {road} [lúc nửa đêm|vào rạng sáng], [mang theo hung khí|ném đá vào|chống trả] [lực lượng chức năng|tổ tuần tra]",
        ),
        (
            "neg",
            1,
            "[Xe khách|Xe tải] [lật|mất lái lao xuống vực|bốc cháy] trên {road}[, nhiều người mắc kẹt|, hành khách hoảng loạn|, giao thông tê liệt]",
        ),
        (
            "neu",
            0,
            "Từ ngày {date}, [cấm|hạn chế] xe [tải|trên 10 tấn|container] [lưu thông|đi vào] đường {street} [từ 6h đến 20h|trong giờ cao điểm|vào cuối tuần] [để thi công|theo thông báo mới|để bảo đảm an toàn]",
        ),
        (
            "neu",
            0,
            "[Cho hỏi|Xin hỏi|Ai biết cho mình hỏi] [đi|chạy xe] từ {place} [ra|về|đến] {place} [đi đường nào|nên đi đường nào] [ít kẹt xe|cho nhanh|đỡ kẹt] [vào cuối tuần|giờ này|dịp lễ]?",
        ),
        (
            "neu",
            0,
            "[Phòng Cảnh sát giao thông|Công an tỉnh|Sở Giao thông vận tải] [thông báo|cho biết] [phân luồng|điều chỉnh lộ trình] [tại|trên] {road} [từ ngày|kể từ] {date} [để phục vụ thi công|do sửa chữa mặt đường|để phục vụ lễ hội]",
        ),
        (
            "neu",
            0,
            "[Sáng nay|Chiều nay|Hôm nay] [lưu lượng xe|lượng phương tiện] [trên|qua] {road} [tăng|đông hơn] [so với ngày thường|do cuối tuần], [các phương tiện|xe] [vẫn di chuyển được|di chuyển chậm]",
        ),
        (
            "neu",
            0,
            "[Tuyến xe buýt|Xe buýt] số {bus} [Vũng Tàu - Bà Rịa|Vũng Tàu - Phú Mỹ|Bà Rịa - Xuyên Mộc] [điều chỉnh giờ chạy|thay đổi lộ trình|tăng thêm chuyến] từ ngày {date}",
        ),
        (
            "neu",
            0,
            "[Có ai biết|Cho hỏi] [tra cứu phạt nguội|đăng kiểm xe|đổi giấy phép lái xe] [ở|tại] {place} [làm ở đâu|như thế nào|mất bao lâu] không?",
        ),
        (
            "neu",
            0,
            "Dự án [mở rộng|nâng cấp] {road} [đoạn qua|qua] {place} [dự kiến|đang] [hoàn thành|triển khai] [trong năm nay|vào quý [I|II|III|IV]|theo kế hoạch]",
        ),
        (
            "neu",
            1,
            "[Lực lượng chức năng|Công an] đang [điều tra|làm rõ] [nguyên nhân|vụ] xe [bồn|container] [bốc cháy|phát nổ] trên {road} {time}",
        ),
        (
            "pos",
            0,
            "[Đường|Tuyến] {street} [sau khi|vừa được] [nâng cấp|mở rộng|trải nhựa lại] [đi êm|thông thoáng|rộng rãi] [hẳn|lắm|quá], [cảm ơn|cám ơn] [thành phố|đơn vị thi công|chính quyền]",
        ),
        (
            "pos",
            0,
            "[Các anh|Anh em] CSGT [đứng|túc trực] [phân luồng|điều tiết giao thông] [dưới mưa|giữa trưa nắng|từ sáng sớm] [ở|tại] {road}, [xe đi|giao thông] [trật tự|thông suốt] [hẳn|hơn hẳn]",
        ),
        (
            "pos",
            0,
            "Đèn tín hiệu [ở|tại] {street_vt} [đã được|vừa được] [sửa|khắc phục|thay mới] [chỉ sau {num} tiếng|ngay trong ngày] [kể từ khi|sau khi] [người dân|tôi] phản ánh, [rất nhanh|nhanh thật|đáng ghi nhận]",
        ),
        (
            "pos",
            0,
            "[Cao tốc Biên Hòa - Vũng Tàu|Đường ven biển] [thông xe|đưa vào sử dụng] [giúp|khiến] [đi Sài Gòn|đi lại|về quê] [nhanh hơn|tiện hơn|đỡ mất thời gian] [nhiều|hẳn|rõ rệt]",
        ),
        (
            "pos",
            0,
            "[Ổ gà|Hố sâu] trên đường {street} [đã được|vừa được] [vá|lấp] [xong|gọn gàng], [bà con|người dân|xe máy] [đi lại an toàn hơn|yên tâm hơn]",
        ),
        (
            "pos",
            0,
            "[Cảm ơn|Biết ơn] [anh|chiến sĩ] CSGT [đã|] [giúp|hỗ trợ] [cụ già qua đường|đưa người bị nạn đi cấp cứu|dắt xe bị hư] trên {road}[|, rất đáng khen|, hình ảnh thật đẹp]",
        ),
        (
            "pos",
            1,
            "[Lực lượng chức năng|Công an] [đã|vừa] [triệt phá|giải tán|bắt giữ] nhóm [đua xe|quái xế mang hung khí] trên {road}, [người dân|bà con] [yên tâm hơn|mừng lắm|rất hoan nghênh]",
        ),
    ],
    "flooding": [
        (
            "neg",
            0,
            "[Mưa|Mới mưa] [chưa đầy|chỉ] {num}0 phút [mà|là] đường {street_vt} [ngập|đã ngập] [sâu|] {cm}cm, [xe chết máy|nước tràn vào nhà dân|người đi đường phải dắt bộ]",
        ),
        (
            "neg",
            0,
            "[Khu vực|Đoạn] {street} [gần|quanh] {market} [cứ mưa là ngập|lần nào mưa cũng ngập|ngập quanh năm], [cống thoát nước|hệ thống thoát nước] [bị tắc|quá nhỏ|không ai nạo vét]",
        ),
        (
            "neg",
            0,
            "[Triều cường|Nước triều] [dâng cao|lên] [tràn vào|làm ngập] [nhà dân|các hẻm] [ở|tại] {ward}, [đồ đạc hư hỏng|bà con phải kê đồ lên cao|nước rút rất chậm]",
        ),
        (
            "neg",
            0,
            "[Miệng cống|Nắp cống] [trên|ở] đường {street} [bị vỡ|mất nắp|bị kẹt rác] [sau trận mưa|từ hôm mưa lớn], nước [ứ đọng|không thoát được|bốc mùi hôi]",
        ),
        (
            "neg",
            0,
            "Dự án [chống ngập|thoát nước|cải tạo kênh Bến Đình] [làm mãi|triển khai mấy năm] [không xong|chưa xong] mà {street_vt} [vẫn ngập|mưa là thành sông|vẫn ngập như thường]",
        ),
        (
            "neg",
            0,
            "[Hẻm|Con hẻm] [nhà tôi|chỗ tôi ở] [ở|tại] {ward} [ngập|đọng nước] [cả tuần|mấy ngày] sau mưa, [muỗi|bùn đất] [nhiều kinh khủng|khắp nơi], [chưa ai xuống xem|phản ánh mãi không thấy ai]",
        ),
        (
            "neg",
            1,
            "[Sạt lở|Sạt lở bờ biển] [nghiêm trọng|uy hiếp] [ở|tại] {ward}, [nhiều căn nhà|hàng chục hộ dân] [có nguy cơ|đứng trước nguy cơ] [đổ xuống biển|bị cuốn trôi], [bà con|người dân] [hoang mang|lo sợ]",
        ),
        (
            "neg",
            1,
            "[Lốc xoáy|Giông lốc|Mưa lớn kèm lốc] [quét qua|làm tốc mái] [hàng chục|nhiều] [căn nhà|nhà dân] [ở|tại] {place}, [cây xanh ngã đổ|nhiều người bị thương|mất điện diện rộng]",
        ),
        (
            "neg",
            1,
            "[Lũ|Nước lũ] [trên|từ] {river} [dâng nhanh|lên nhanh] [cuốn trôi|nhấn chìm] [hoa màu|ao tôm|nhà cửa] của [bà con|người dân] {place}[, có người mất tích|, nhiều hộ bị cô lập]",
        ),
        (
            "neu",
            0,
            "[Đài khí tượng|Trung tâm dự báo] [dự báo|cho biết] [từ ngày|ngày] {date} [có mưa to|triều cường lên cao|có mưa vừa đến mưa to] [ở|tại] {place}, [người dân|bà con] [chú ý|theo dõi thông tin]",
        ),
        (
            "neu",
            0,
            "[Cho hỏi|Ai biết cho hỏi] [giờ này|hiện tại] đường {street_vt} [còn ngập không|rút nước chưa|đi qua được chưa] [ạ|vậy]?",
        ),
        (
            "neu",
            0,
            "[UBND thành phố|Sở Xây dựng] [triển khai|khởi công] [dự án|công trình] [nạo vét|cải tạo] [hệ thống thoát nước|kênh|cống] [trên|tại] đường {street} [từ ngày|dự kiến từ] {date}",
        ),
        (
            "neu",
            0,
            "[Mực nước|Mực nước trên] {river} [lúc|vào lúc] [7h|13h|17h] [đạt|ở mức] [báo động 1|dưới báo động 1|xấp xỉ báo động 2], [đang|có xu hướng] [lên|xuống chậm]",
        ),
        (
            "neu",
            1,
            "[Ban Chỉ huy phòng chống thiên tai|Chính quyền địa phương] [yêu cầu|khuyến cáo] [tàu thuyền|ngư dân] [vào nơi tránh trú|không ra khơi] [do|vì] [áp thấp nhiệt đới|bão|gió mạnh cấp 7] [ảnh hưởng đến|tiến gần] {place}",
        ),
        (
            "neu",
            1,
            "[Tỉnh|Địa phương] [đã sơ tán|đang di dời] {crowd} hộ dân [ở|vùng] [ven biển|ven sông|sạt lở] {place} [đến nơi an toàn|trước khi bão vào]",
        ),
        (
            "pos",
            0,
            "[Sau khi|Từ khi] [nạo vét cống|làm xong hệ thống thoát nước|cải tạo cống] [trên|ở] {street}, [mưa lớn|mưa to cỡ nào] [cũng không còn ngập|nước rút rất nhanh|không còn cảnh lội nước]",
        ),
        (
            "pos",
            0,
            "[Công nhân|Anh em] [thoát nước đô thị|công ty thoát nước] [dầm mưa|làm xuyên đêm] [khơi thông|vớt rác ở] [cống|miệng cống] [trên|dọc] {street_vt}, [nước rút nhanh|đường hết ngập] [thấy rõ|hẳn], [cảm ơn|trân trọng] [các anh|mọi người]",
        ),
        (
            "pos",
            0,
            "[Năm nay|Mùa mưa này] {ward} [không còn|đã hết] [cảnh ngập nặng|ngập như mọi năm], [kè chống ngập|trạm bơm] [phát huy tác dụng|hoạt động tốt]",
        ),
        (
            "pos",
            1,
            "[Cảm ơn|Biết ơn] [bộ đội biên phòng|lực lượng cứu hộ|công an và dân quân] [đã|] [kịp thời sơ tán|giúp di dời|hỗ trợ] bà con [vùng sạt lở|ven biển|bị ngập] {place} [trong đêm mưa bão|an toàn|trước khi bão vào]",
        ),
    ],
    "environment": [
        (
            "neg",
            0,
            "[Khói bụi|Bụi mịn] từ [nhà máy|khu vực] {kcn} [bay|phủ] [kín|đầy] [khu dân cư|nhà dân] {ward}, [ngày nào cũng phải lau nhà|trẻ con ho liên tục|không dám mở cửa]",
        ),
        (
            "neg",
            0,
            "[Mùi hôi|Mùi hóa chất|Mùi khét] [nồng nặc|bốc lên] [từ|quanh] {kcn} [mỗi tối|về đêm|cả ngày], [người dân|bà con] [khó thở|đau đầu|rất ngột ngạt]",
        ),
        (
            "neg",
            0,
            "[Nước thải|Nước màu đen] [chảy thẳng|xả] ra {river} [bốc mùi|hôi thối|sủi bọt], [cá|tôm] [nuôi|của bà con] [chết dần|không sống nổi]",
        ),
        (
            "neg",
            0,
            "[Tiếng ồn|Âm thanh] [từ|của] [quán karaoke|công trình xây dựng|xưởng cơ khí] [ở|tại] {ward} [kéo dài|vang] [đến nửa đêm|cả ngày], [không ai ngủ được|người già trẻ nhỏ mệt mỏi]",
        ),
        (
            "neg",
            0,
            "[Chỉ số bụi|Chất lượng không khí] [ở|tại] {place} [hôm nay|mấy hôm nay] [ở mức kém|xấu|vượt ngưỡng], [trời mù mịt|nhìn không rõ Núi Lớn|nhiều người phải đeo khẩu trang]",
        ),
        (
            "neg",
            0,
            "[Nước máy|Nước sinh hoạt] [ở|tại] {ward} [có mùi lạ|đục ngầu|có cặn vàng], [gia đình tôi|bà con] [không dám dùng|phải mua nước bình]",
        ),
        (
            "neg",
            0,
            "[Rừng phòng hộ|Cây xanh] [ở|tại] [ven biển|Núi Lớn|{place}] [bị chặt phá|bị lấn chiếm|bị đốn hạ] [để xây dựng|trái phép|không ai quản lý]",
        ),
        (
            "neg",
            1,
            "[Cháy rừng|Đám cháy rừng] [trên|ở] [Núi Dinh|Núi Minh Đạm|Núi Lớn] [bùng phát|lan rộng] [từ chiều|trong đêm], [khói|lửa] [bao trùm|lan sát] khu dân cư",
        ),
        (
            "neg",
            1,
            "[Cá chết hàng loạt|Cá chết trắng] [trên|dọc] {river}[, người nuôi thiệt hại nặng|, nghi do nước thải công nghiệp|, mùi hôi bao trùm cả xóm]",
        ),
        (
            "neg",
            1,
            "[Rò rỉ|Sự cố rò rỉ] [khí gas|hóa chất] [tại|ở] {kcn}, [người dân xung quanh|công nhân] [hoảng loạn|phải sơ tán|bị khó thở]",
        ),
        (
            "neu",
            0,
            "[Sở Tài nguyên và Môi trường|Trạm quan trắc] [công bố|cho biết] [chỉ số VN_AQI|chỉ số chất lượng không khí] [tại|ở] {place} [hôm nay|ngày {date}] ở mức [trung bình|tốt|khoảng {num}0]",
        ),
        (
            "neu",
            0,
            "[Cho hỏi|Xin hỏi] [muốn báo|phản ánh] [tiếng ồn|khói bụi|xả thải] [ở|tại] {ward} thì [gọi số nào|báo cho cơ quan nào|gửi ở đâu] [ạ|vậy]?",
        ),
        (
            "neu",
            0,
            "[Đoàn kiểm tra|Sở Tài nguyên và Môi trường] [làm việc với|kiểm tra] [các doanh nghiệp|nhà máy] [tại|trong] {kcn} về [xả thải|quan trắc khí thải|hệ thống xử lý nước thải] [vào ngày|từ ngày] {date}",
        ),
        (
            "neu",
            0,
            "[Kết quả quan trắc|Chỉ số chất lượng nước] [trên|ở] {river} [quý này|tháng này] [đạt|nằm trong] [quy chuẩn|mức cho phép|mức trung bình]",
        ),
        (
            "neu",
            1,
            "[Lực lượng kiểm lâm|Lực lượng chức năng] [đang|đã] [khống chế|dập] [đám cháy rừng|vụ cháy thực bì] [trên|ở] [Núi Dinh|Núi Minh Đạm|{place}] {time}",
        ),
        (
            "pos",
            0,
            "[Không khí|Trời] [ở|tại] {place} [hôm nay|dạo này] [trong lành|mát mẻ|dễ chịu] [lắm|quá|thật], [đi dạo|chạy bộ] [ven biển|quanh Núi Nhỏ] [thích|sướng] [ghê|thật]",
        ),
        (
            "pos",
            0,
            "[Nhà máy|Doanh nghiệp] [ở|tại] {kcn} [đã bị xử phạt|đã lắp thêm hệ thống xử lý] [và|nên] [mùi hôi|khói bụi] [giảm hẳn|không còn nữa], [bà con|người dân] [rất mừng|cảm ơn cơ quan chức năng]",
        ),
        (
            "pos",
            0,
            "[Hàng cây xanh|Công viên|Dải cây] [mới trồng|mới làm] [dọc|trên] đường {street} [xanh mát|đẹp|rợp bóng] [hẳn|ghê], [cảm ơn|cám ơn] [thành phố|phường|những người làm]",
        ),
        (
            "pos",
            0,
            "{river} [được nạo vét|được làm sạch|đã hết ô nhiễm] [nước trong hơn|hết mùi hôi|cá về nhiều], [đi ngang|sống gần đó] [dễ chịu hẳn|thấy mừng]",
        ),
        (
            "pos",
            1,
            "[Cảm ơn|Biết ơn] [lực lượng kiểm lâm|anh em chữa cháy|bà con và bộ đội] [đã thức trắng đêm|đã kịp thời] [dập tắt|khống chế] [đám cháy rừng|vụ cháy] [trên|ở] [Núi Dinh|Núi Minh Đạm|Núi Lớn]",
        ),
    ],
    "waste": [
        (
            "neg",
            0,
            "Rác [ở|tại] [góc đường|đầu hẻm|khu đất trống] {street} [chất đống|ùn ứ|tràn ra đường] [mấy ngày|cả tuần] [không ai thu gom|chưa ai dọn], [bốc mùi|ruồi nhặng bu đầy|hôi không chịu nổi]",
        ),
        (
            "neg",
            0,
            "[Xe rác|Xe thu gom rác] [không đến|bỏ qua] [hẻm tôi|khu tôi ở] [ở|tại] {ward} [đã {num} ngày|suốt tuần nay], [rác|túi rác] [chất đầy|vương vãi] [trước nhà|khắp nơi]",
        ),
        (
            "neg",
            0,
            "[Bãi biển|Bờ biển] {beach} [ngập rác|đầy rác] [sau cuối tuần|sau đợt lễ|mỗi sáng], [chai nhựa|túi ni lông|vỏ lon] [khắp bãi cát|trôi dạt đầy], [du khách|người tắm] [ngán ngẩm|rất khó chịu]",
        ),
        (
            "neg",
            0,
            "[Ai đó|Có người] [đổ trộm|lén đổ] [xà bần|rác thải xây dựng|chất thải] [ở|tại] [bãi đất trống|lề đường] {street} [vào ban đêm|trong đêm], [không ai xử lý|chính quyền làm ngơ|đã nhiều lần]",
        ),
        (
            "neg",
            0,
            "[Mùi hôi|Mùi rác] từ {landfill} [bay|lan] [xa|tới] [mấy cây số|tận khu dân cư], [mỗi khi trời chuyển mưa|về đêm] [không thở nổi|người dân khổ sở]",
        ),
        (
            "neg",
            0,
            "[Tiểu thương|Người bán] [ở|tại] {market} [xả rác|đổ nước thải] [xuống đường|ra cống] [bừa bãi|công khai], [ban quản lý chợ|không ai] [nhắc nhở|quản lý] [gì cả|cũng không]",
        ),
        (
            "neg",
            0,
            "[Thùng rác công cộng|Thùng rác] [trên|dọc] đường {street_vt} [bị hỏng|đầy tràn|mất nắp] [lâu rồi|cả tháng nay] [mà không ai thay|chưa được thay|mà chẳng ai lo]",
        ),
        (
            "neg",
            1,
            "[Hàng trăm|Nhiều] người dân [tụ tập|chặn] [đường|cổng] [vào|dẫn vào] {landfill} [không cho xe rác vào|phản đối ô nhiễm|đòi di dời bãi rác], [tình hình căng thẳng|xe rác ùn ứ hàng dài]",
        ),
        (
            "neu",
            0,
            "[Từ ngày|Bắt đầu từ] {date}, [giờ thu gom rác|lịch thu gom rác] [ở|tại] {ward} [chuyển sang|đổi thành] [buổi tối|7h sáng|18h đến 21h]",
        ),
        (
            "neu",
            0,
            "[Cho hỏi|Xin hỏi] [muốn bỏ|thanh lý] [đồ cũ|tủ giường cũ|rác cồng kềnh] [ở|tại] {ward} thì [liên hệ ai|gọi đâu|mất phí bao nhiêu] [ạ|vậy mọi người]?",
        ),
        (
            "neu",
            0,
            "[Thành phố|Tỉnh] [triển khai|thí điểm] [phân loại rác tại nguồn|thu gom rác có phân loại] [ở|tại] {ward} [từ tháng này|từ ngày {date}]",
        ),
        (
            "neu",
            0,
            "[Phí vệ sinh|Phí thu gom rác] [hộ gia đình|cho hộ kinh doanh] [ở|tại] {place} [năm nay|hiện nay] là [bao nhiêu|{price} đồng một tháng][?|]",
        ),
        (
            "pos",
            0,
            "[Hẻm|Khu phố] [nhà tôi|của tôi] [ở|tại] {ward} [giờ|từ khi có đội thu gom mới] [sạch sẽ|gọn gàng] [hẳn|lắm], [xe rác|công nhân] [đến đúng giờ|thu gom mỗi ngày], [cảm ơn|cám ơn] [các cô chú|mọi người]",
        ),
        (
            "pos",
            0,
            "[Đoàn viên thanh niên|Các bạn tình nguyện viên|Bà con] [ra quân|cùng nhau] [nhặt rác|dọn vệ sinh] [ở|tại] {beach} [từ sáng sớm|cuối tuần qua], [bãi biển|bờ biển] [sạch đẹp|sạch tinh tươm] [hẳn|ghê]",
        ),
        (
            "pos",
            0,
            "[Điểm tập kết rác|Bãi rác tự phát] [ở|trên] đường {street} [đã được|vừa được] [dẹp bỏ|dọn sạch] [và trồng hoa|và làm vườn hoa|ngay sau phản ánh], [rất đáng khen|nhìn thích mắt|phường làm tốt]",
        ),
        (
            "pos",
            0,
            "[Công nhân vệ sinh|Các cô lao công] [quét dọn|thu gom rác] [trong đêm|từ 3 giờ sáng|dưới mưa] [ở|dọc] {street_vt}, [phố|đường] [sạch bong|sạch sẽ] [mỗi sáng|khi mọi người thức dậy], [trân trọng|biết ơn] [các cô|các anh chị]",
        ),
    ],
    "public_service": [
        (
            "neg",
            0,
            "[Nộp|Gửi] hồ sơ [cấp sổ đỏ|xin giấy phép xây dựng|đăng ký kinh doanh|chuyển nhượng] [tại|ở] [bộ phận một cửa|UBND] {place} [đã {num} tuần|từ tháng trước|quá hẹn {num} ngày] [mà chưa có kết quả|vẫn không ai trả lời|cứ bị hẹn lại]",
        ),
        (
            "neg",
            0,
            "[Cán bộ|Nhân viên] [bộ phận một cửa|tiếp dân] [ở|tại] {ward} [thái độ|cách làm việc] [hách dịch|cửa quyền|thiếu tôn trọng], [quát|nạt|nói trống không với] [người dân|người già]",
        ),
        (
            "neg",
            0,
            "[Bị|Cứ bị] [yêu cầu bổ sung|trả hồ sơ|bắt sửa] [giấy tờ|hồ sơ] [{num} lần|nhiều lần] [mà mỗi lần|mỗi lần lại] [một kiểu|nói khác nhau|đòi thêm thứ khác], [đi lại|mất công] [mệt mỏi|cực khổ]",
        ),
        (
            "neg",
            0,
            "[Cổng dịch vụ công|Trang dịch vụ công trực tuyến] [của tỉnh|] [bị lỗi|không đăng nhập được|treo liên tục] [cả ngày|từ sáng|mấy hôm nay], [nộp hồ sơ online|thanh toán phí] [không được|toàn báo lỗi]",
        ),
        (
            "neg",
            0,
            "[Nghe đồn|Có người] [phải|bị] [bồi dưỡng|chi thêm tiền|đưa phong bì] [thì hồ sơ|mới được] [mới chạy|giải quyết nhanh] [ở|tại] {body}, [thật|quá] [bức xúc|đáng buồn]",
        ),
        (
            "neg",
            0,
            "[Đường dây nóng|Số điện thoại tiếp dân] của {body} [gọi mãi|gọi cả chục lần] [không ai nghe máy|không ai bắt máy|toàn báo bận]",
        ),
        (
            "neg",
            0,
            "[Xếp hàng|Chờ] [làm căn cước|cấp đổi CCCD|làm thủ tục] [ở|tại] {body} [từ 6h sáng|cả buổi|hơn {num} tiếng] [mà vẫn chưa tới lượt|rồi bị hẹn hôm sau|mà cán bộ nghỉ sớm]",
        ),
        (
            "neg",
            1,
            "{crowd} người dân [kéo đến|tụ tập trước] trụ sở {body} [phản đối|đòi giải quyết] [việc chậm bồi thường|chính sách hỗ trợ|kết quả xử lý đơn thư], [lực lượng chức năng phải có mặt|tình hình căng thẳng]",
        ),
        (
            "neu",
            0,
            "[Cho hỏi|Xin hỏi] [thủ tục|hồ sơ] [cấp đổi CCCD|đăng ký khai sinh|xác nhận cư trú|cấp phép xây dựng] [ở|tại] {ward} [cần những giấy tờ gì|mất bao lâu|nộp online được không] [ạ|vậy]?",
        ),
        (
            "neu",
            0,
            "[Trung tâm Phục vụ hành chính công tỉnh|Bộ phận một cửa] [thông báo|cho biết] [từ ngày|kể từ] {date} [tiếp nhận hồ sơ|làm việc] [cả sáng thứ Bảy|trực tuyến toàn trình|theo giờ mới]",
        ),
        (
            "neu",
            0,
            "[Tỉnh|Tỉnh Bà Rịa - Vũng Tàu] [đứng thứ|xếp hạng] {num} [cả nước|toàn quốc] về [chỉ số cải cách hành chính|chỉ số phục vụ người dân và doanh nghiệp] [năm nay|năm vừa qua]",
        ),
        (
            "neu",
            0,
            "[Mã tra cứu|Mã hồ sơ] [của tôi|] [là|bắt đầu bằng] [BRVT|H01]-{num}{num}{num}, [cho hỏi|xin hỏi] [tra cứu|kiểm tra] [tình trạng hồ sơ|tiến độ] ở đâu?",
        ),
        (
            "neu",
            0,
            "[Lịch tiếp công dân|Lịch tiếp dân] của [Chủ tịch UBND|lãnh đạo UBND] {place} [tháng này|tuần tới] [vào ngày|là ngày] {date}",
        ),
        (
            "pos",
            0,
            "[Cán bộ|Chị cán bộ|Anh cán bộ] [một cửa|tiếp nhận hồ sơ] [ở|tại] {ward} [hướng dẫn|giải thích] [tận tình|rất nhiệt tình|chu đáo], hồ sơ [xong|có kết quả] [trước hẹn|đúng hẹn|chỉ trong {num} ngày]",
        ),
        (
            "pos",
            0,
            "[Làm|Nộp] [hồ sơ|thủ tục] [trên|qua] [cổng dịch vụ công|mạng] [nhanh gọn|tiện lợi|dễ dàng] [thật|lắm|quá], [không phải|khỏi phải] [đi lại|xếp hàng|xin nghỉ làm] [như trước|nữa]",
        ),
        (
            "pos",
            0,
            "[Chủ tịch UBND|Lãnh đạo] {place} [trực tiếp|đã] [xuống|về] [tận nơi|tận hẻm|địa phương] [nghe dân nói|đối thoại với dân|giải quyết vướng mắc], [bà con|người dân] [rất phấn khởi|tin tưởng hơn]",
        ),
        (
            "pos",
            0,
            "[Gọi|Phản ánh qua] [tổng đài|đường dây nóng|ứng dụng] [1022|của tỉnh|IOC] [buổi sáng|hôm trước] [thì|mà] [chiều|ngay hôm sau] [đã có người|cán bộ đã] [xuống xử lý|liên hệ lại], [quá nhanh|rất hài lòng|cảm ơn nhiều]",
        ),
        (
            "pos",
            0,
            "[Được|Nhận] [trả kết quả|giấy tờ] [tận nhà|qua bưu điện] [mà không mất thêm đồng nào|đúng hẹn], [dịch vụ|cách làm] [chuyên nghiệp|văn minh] [ghê|thật sự]",
        ),
    ],
    "health": [
        (
            "neg",
            0,
            "[Chờ|Đợi] [khám bệnh|lấy thuốc|làm xét nghiệm] [ở|tại] {hospital} [từ sáng|hơn {num} tiếng|cả buổi] [mà chưa tới lượt|vẫn chưa xong|mệt lả]",
        ),
        (
            "neg",
            0,
            "[Nhân viên|Điều dưỡng|Bảo vệ] [ở|tại] {hospital} [quát nạt|cáu gắt với|thờ ơ với] [bệnh nhân|người nhà|người già], [thái độ|cách cư xử] [rất tệ|quá kém|khó chấp nhận]",
        ),
        (
            "neg",
            0,
            "[Khám bảo hiểm y tế|Đi khám bằng thẻ BHYT] [ở|tại] {hospital} [bị|lại bị] [bảo hết thuốc|kêu tự mua thuốc ngoài|phân biệt đối xử], [thiệt thòi|bất công] [cho người dân|quá]",
        ),
        (
            "neg",
            0,
            "[Nhà vệ sinh|Khu vực chờ] [ở|tại] {hospital} [bẩn|hôi|xuống cấp] [kinh khủng|trầm trọng], [bệnh nhân|người nhà] [phải chịu đựng|không ai dám vào]",
        ),
        (
            "neg",
            0,
            "[Con tôi|Mẹ tôi|Bố tôi] [bị|được] [chẩn đoán|kết luận] [sai|nhầm] [ở|tại] {hospital}, [chuyển viện|lên Sài Gòn] [mới biết|mới phát hiện] [bệnh nặng|bị bệnh khác], [quá|rất] [bức xúc|lo lắng]",
        ),
        (
            "neg",
            0,
            "[Thiếu thuốc|Thiếu vắc xin|Thiếu bác sĩ] [ở|tại] {hospital} [kéo dài|mấy tháng nay], [người bệnh|trẻ em] [phải chờ|không được tiêm|phải đi xa]",
        ),
        (
            "neg",
            1,
            "[Dịch|Dịch bệnh] sốt xuất huyết [bùng phát|tăng mạnh] [ở|tại] {ward}, [nhiều|{num}] [ca mắc|trẻ em nhập viện][, chưa thấy phun thuốc|, bà con lo lắng|]",
        ),
        (
            "neg",
            1,
            "[Hàng chục|{crowd}] [công nhân|người] [ở|tại] {kcn} [bị ngộ độc|nhập viện|ngộ độc thực phẩm] [sau bữa trưa|sau bữa ăn ca|sau tiệc], [nghi do|có thể do] [thức ăn ôi thiu|nguồn nước]",
        ),
        (
            "neg",
            1,
            "[Phát hiện|Ghi nhận] [ổ dịch|ca bệnh] [tay chân miệng|sởi|cúm] [ở|tại] {ward}, [phụ huynh|bà con] [hoang mang|lo sợ] [cho con nghỉ học|không dám ra đường]",
        ),
        (
            "neu",
            0,
            "[Cho hỏi|Xin hỏi] [lịch tiêm chủng|tiêm vắc xin] [cho trẻ|cho bé] [ở|tại] {hospital} [tháng này|tuần này] [vào ngày nào|mấy giờ] [ạ|vậy]?",
        ),
        (
            "neu",
            0,
            "{hospital} [thông báo|triển khai] [khám sàng lọc|khám miễn phí|tư vấn sức khỏe] cho [người cao tuổi|trẻ em|người lao động] [từ ngày|vào ngày] {date}",
        ),
        (
            "neu",
            0,
            "[Sở Y tế|Trung tâm Kiểm soát bệnh tật tỉnh] [khuyến cáo|hướng dẫn] [người dân|bà con] [đi khám|theo dõi sức khỏe|uống đủ nước] [khi|trong những ngày] [nắng nóng|có triệu chứng sốt]",
        ),
        (
            "neu",
            0,
            "[Từ|Bắt đầu từ] {date}, [bệnh nhân BHYT|người dân] [có thể|được] [đặt lịch khám|khám] [online|qua ứng dụng|qua tổng đài] [tại|ở] {hospital}",
        ),
        (
            "neu",
            1,
            "[Ngành y tế|Trung tâm y tế] [đang|đã] [khoanh vùng|xử lý|phun hóa chất] [ổ dịch|khu vực có ca bệnh] sốt xuất huyết [tại|ở] {ward} {time}",
        ),
        (
            "pos",
            0,
            "[Bác sĩ|Các bác sĩ|Ekip bác sĩ] {hospital} [cứu sống|phẫu thuật thành công cho|tận tình chữa cho] [bệnh nhân|cháu bé|cụ ông] [nguy kịch|bị tai nạn|bị đột quỵ], [gia đình|bà con] [vô cùng biết ơn|cảm động lắm]",
        ),
        (
            "pos",
            0,
            "[Đi khám|Đưa con đi khám] [ở|tại] {hospital} [giờ|bây giờ] [nhanh|gọn] [lắm|hơn hẳn], [lấy số online|có khu chờ mát mẻ|nhân viên hướng dẫn tận tình], [rất hài lòng|ưng ý lắm]",
        ),
        (
            "pos",
            0,
            "[Điều dưỡng|Các cô điều dưỡng] [ở|tại] {hospital} [chăm sóc|hỏi han|động viên] [bệnh nhân|bà tôi] [chu đáo|như người nhà|rất nhẹ nhàng], [cảm ơn|cám ơn] [nhiều lắm|các cô]",
        ),
        (
            "pos",
            1,
            "[Nhờ|Cảm ơn] [ngành y tế|đội phản ứng nhanh|các y bác sĩ] [vào cuộc kịp thời|dập dịch nhanh|xử lý nhanh], [ổ dịch|dịch sốt xuất huyết] [ở|tại] {ward} [đã được khống chế|không lây lan], [bà con|người dân] [yên tâm|an tâm] [hơn|rồi]",
        ),
    ],
    "education": [
        (
            "neg",
            0,
            "[Trường|{school}] [thu|bắt nộp] [quá nhiều khoản|các khoản ngoài quy định|tiền quỹ lớp cao], [đầu năm|mới khai giảng] [mà|đã] [hết|mất] [{price}|mấy triệu] [cho|] [một học sinh|mỗi cháu], phụ huynh [bức xúc|rất mệt]",
        ),
        (
            "neg",
            0,
            "[Cô giáo|Giáo viên] [ở|tại] {school} [ép|gợi ý] [học sinh|các cháu] [học thêm|đi học thêm ở nhà], [không học|ai không đi] [thì bị|là bị] [trù dập|cho điểm thấp]",
        ),
        (
            "neg",
            0,
            "[Phòng học|Lớp học|Nhà vệ sinh] [ở|tại] {school} [xuống cấp|dột nát|nứt tường], [mưa là dột|mùa nắng nóng như lò|học sinh không dám dùng]",
        ),
        (
            "neg",
            0,
            "[Con tôi|Cháu tôi] [học|đang học] [tại|ở] {school} [bị|] [bạn bè bắt nạt|bị phạt đứng ngoài nắng|bị cô đánh], [nhà trường|ban giám hiệu] [làm ngơ|không xử lý|bao che]",
        ),
        (
            "neg",
            0,
            "[Cổng trường|Trước cổng] {school} [giờ tan học|mỗi chiều] [kẹt cứng|hỗn loạn], [phụ huynh đậu xe dưới lòng đường|hàng rong lấn chiếm|không ai điều tiết], [rất nguy hiểm cho|nguy hiểm cho] [các cháu|học sinh]",
        ),
        (
            "neg",
            0,
            "[Bữa ăn bán trú|Suất ăn] [ở|tại] {school} [quá ít|kém chất lượng|toàn rau], [thu|đóng] [tiền|] {price} [một tháng|mỗi tháng] mà [con về|cháu về] [vẫn đói|kêu đói]",
        ),
        (
            "neg",
            1,
            "[Clip|Đoạn clip] [nữ sinh|học sinh] {school} [bị đánh hội đồng|bị bạn đánh|đánh nhau] [lan truyền|đang lan] trên mạng, [phụ huynh|dư luận] [phẫn nộ|bức xúc]",
        ),
        (
            "neu",
            0,
            "[Cho hỏi|Xin hỏi] [tuyển sinh lớp 10|tuyển sinh lớp 6|tuyển sinh đầu cấp] [năm nay|năm học này] [ở|tại] {place} [khi nào có lịch|xét tuyển hay thi|cần hồ sơ gì] [ạ|vậy]?",
        ),
        (
            "neu",
            0,
            "[Sở Giáo dục và Đào tạo|Phòng Giáo dục] [thông báo|công bố] [lịch nghỉ|kế hoạch] [Tết|hè|học kỳ] [cho học sinh|năm học này] [từ ngày|bắt đầu từ] {date}",
        ),
        (
            "neu",
            0,
            "{school} [tổ chức|sẽ tổ chức] [họp phụ huynh|ngày hội đọc sách|lễ tổng kết] vào [ngày|sáng] {date}",
        ),
        (
            "neu",
            0,
            "[Điểm chuẩn|Điểm thi] [vào lớp 10|tuyển sinh] [của|ở] {school} [năm nay|năm học mới] [là|ở mức] [{num} điểm|khoảng {num}{num} điểm]",
        ),
        (
            "pos",
            0,
            "[Học sinh|Em|Các em] {school} [đạt giải|giành huy chương|đoạt giải nhất] [học sinh giỏi quốc gia|Olympic|khoa học kỹ thuật], [tự hào|đáng tự hào] [quá|lắm]",
        ),
        (
            "pos",
            0,
            "[Ngôi trường|Trường] [mới|vừa] [xây|khánh thành] [ở|tại] {place} [khang trang|rộng rãi|đẹp] [quá|lắm], [các cháu|học sinh] [không còn|hết] [học ca ba|học nhờ|chen chúc]",
        ),
        (
            "pos",
            0,
            "[Thầy|Cô|Thầy hiệu trưởng] {school} [tận tâm|hết lòng] [dạy|kèm|giúp đỡ] [học sinh nghèo|các em yếu] [miễn phí|ngoài giờ], [phụ huynh|chúng tôi] [rất biết ơn|cảm kích]",
        ),
        (
            "pos",
            0,
            "[Thực đơn bán trú|Bữa ăn bán trú] [ở|tại] {school} [dạo này|học kỳ này] [ngon|đầy đủ|đa dạng] [hẳn|lắm], [con|cháu] [về khoe|ăn hết suất], [cảm ơn|cám ơn] [nhà trường|các cô]",
        ),
    ],
    "tourism": [
        (
            "neg",
            0,
            "[Quán|Nhà hàng] [hải sản|ăn uống] [ở|gần] {beach} [chặt chém|hét giá|tính tiền cắt cổ], [{num} con {tourist_item}|một đĩa {tourist_item}] [mà tính|giá] [{price}|gần {price}], [du khách|khách] [bức xúc|chết lặng]",
        ),
        (
            "neg",
            0,
            "[Thuê|Ngồi] [ghế bố|dù|chỗ ngồi] [ở|tại] {beach} [bị|bị ép] [trả|thu] {price} [một buổi|một cái|mỗi người], [không có bảng giá|giá không niêm yết]",
        ),
        (
            "neg",
            0,
            "[Cò|Người] [mời chào|chèo kéo] [khách|du khách] [ở|quanh] [{landmark}|{beach}] [đeo bám|chặn đường|nài ép] [rất phiền|khó chịu], [làm xấu|mất hình ảnh] [du lịch|thành phố biển]",
        ),
        (
            "neg",
            0,
            "[Đặt phòng|Đặt khách sạn] [ở|tại] {place} [qua mạng|online] [đến nơi|lúc nhận phòng] [thì|lại] [bị đổi phòng|phòng bẩn|không như hình], [chủ khách sạn|lễ tân] [không chịu hoàn tiền|cãi lại]",
        ),
        (
            "neg",
            0,
            "[Khu du lịch|Điểm tham quan] {landmark} [xuống cấp|bẩn|đông nghẹt] [mà|nhưng] [giá vé|phí gửi xe] [lại tăng|vẫn cao|{price}], [chán|thất vọng] [thật|quá]",
        ),
        (
            "neg",
            0,
            "[Cuối tuần|Dịp lễ] {beach} [đông nghịt|quá tải], [không có chỗ đậu xe|nhà vệ sinh thiếu|nước tắm tráng thu giá cao], [du khách|khách] [than trời|ngao ngán]",
        ),
        (
            "neg",
            1,
            "[Du khách|Nhóm du khách] [bị|bị nhóm người] [hành hung|đánh|đe dọa] [ở|tại] {beach} [sau khi|vì] [phản ánh giá|không chịu trả tiền|cãi nhau với chủ quán], [clip lan truyền|gây phẫn nộ]",
        ),
        (
            "neu",
            0,
            "[Cho hỏi|Xin hỏi|Ai biết cho hỏi] [cuối tuần này|dịp lễ] [đi|ghé] {place} [nên ở đâu|ăn gì ngon|có sự kiện gì] [ạ|vậy mọi người]?",
        ),
        (
            "neu",
            0,
            "[Lễ hội|Sự kiện] [Nghinh Ông|Dinh Cô|pháo hoa|du lịch biển] [tại|ở] {place} [sẽ diễn ra|dự kiến tổ chức] [vào|từ] [ngày|] {date}[, có nhiều hoạt động|]",
        ),
        (
            "neu",
            0,
            "[Tàu cao tốc|Tàu cánh ngầm|Chuyến bay] [đi|ra] Côn Đảo [tăng chuyến|điều chỉnh lịch|tạm dừng] [từ ngày|vào ngày] {date} [do|vì] [thời tiết|nhu cầu tăng|bảo dưỡng]",
        ),
        (
            "neu",
            0,
            "[Lượng khách|Số lượt khách] [đến|tham quan] {place} [dịp lễ vừa qua|tháng này] [đạt|ước đạt] [khoảng|hơn] {num}0 nghìn lượt",
        ),
        (
            "pos",
            0,
            "[Bãi biển|Biển] {beach} [sạch|đẹp|trong xanh] [quá|lắm], [dịch vụ|quán xá] [niêm yết giá|giá phải chăng|phục vụ dễ thương], [lần sau|chắc chắn] [sẽ quay lại|sẽ dẫn cả nhà đi]",
        ),
        (
            "pos",
            0,
            "[Khu phố đi bộ|Con đường ven biển|Công viên] [ở|dọc] {street_vt} [về đêm|buổi tối] [lung linh|đẹp|nhộn nhịp] [quá|lắm], [du khách|người dân] [đi dạo|chụp ảnh] [thích|vui] [ghê|lắm]",
        ),
        (
            "pos",
            0,
            "[Lên|Ghé] {landmark} [ngắm cảnh|ngắm hoàng hôn|chụp ảnh] [view|cảnh] [đẹp|tuyệt vời] [mê|lắm], [lối đi|khu vực] [được sửa sang|sạch sẽ|gọn gàng] [hơn trước|rồi]",
        ),
        (
            "pos",
            0,
            "[Ăn|Thử] [bánh khọt|hải sản|lẩu cá đuối] [ở|gần] {market} [ngon|tươi] [mà|lại] [giá|rẻ] [hợp lý|phải chăng], [chủ quán|cô bán hàng] [thân thiện|vui vẻ] [lắm|ghê]",
        ),
        (
            "pos",
            1,
            "[Lực lượng cứu hộ|Nhân viên cứu hộ|Anh cứu hộ] [ở|tại] {beach} [kịp thời|đã] [cứu|đưa vào bờ] [{num} du khách|em bé|cụ bà] [bị sóng cuốn|đuối nước], [quá|rất] [đáng khen|cảm phục]",
        ),
    ],
    "security": [
        (
            "neg",
            0,
            "[Trộm|Kẻ gian] [đột nhập|cạy cửa|bẻ khóa] [nhà dân|tiệm tạp hóa|xe máy] [ở|tại] {ward} [liên tục|mấy đêm liền|giữa ban ngày], [bà con|người dân] [lo lắng|mất ngủ]",
        ),
        (
            "neg",
            0,
            "[Lừa đảo|Giả danh công an|Giả danh nhân viên điện lực] [gọi điện|nhắn tin] [từ số|bằng số] {phone} [đòi|yêu cầu] [chuyển tiền|cung cấp mã OTP|cài ứng dụng lạ], [mọi người|bà con] [cảnh giác|cẩn thận] [nha|nhé]",
        ),
        (
            "neg",
            0,
            "[Nhóm|Một nhóm] [thanh niên|người lạ] [nhậu nhẹt|hát karaoke|tụ tập] [ồn ào|gây mất trật tự] [tới|đến] [khuya|2-3 giờ sáng] [ở|tại] {ward}, [báo|gọi] [công an phường|113] [mà|nhưng] [không thấy ai đến|chẳng ăn thua]",
        ),
        (
            "neg",
            0,
            "[Tình trạng|Nạn] [cho vay nặng lãi|tín dụng đen] [ở|tại] {place} [hoành hành|lộng hành], [dán quảng cáo|rải tờ rơi] [khắp|đầy] [cột điện|tường nhà]",
        ),
        (
            "neg",
            0,
            "[Bị|Mới bị] [móc túi|giật điện thoại|mất xe máy] [ở|tại|gần] [{market}|{landmark}|{beach}] {time}, [camera|công an] [đã ghi hình|có ghi lại] [mà|nhưng] [chưa tìm ra|chưa bắt được]",
        ),
        (
            "neg",
            1,
            "[Hai nhóm|Nhóm] thanh niên [hỗn chiến|đánh nhau|truy sát nhau] [bằng|với] [dao|mã tấu|hung khí] [ở|tại] {ward} {time}, [một người|{num} người] [bị thương nặng|nhập viện|tử vong]",
        ),
        (
            "neg",
            1,
            "[Cháy|Hỏa hoạn|Cháy lớn] [tại|ở] [nhà dân|kho hàng|xưởng gỗ|quán karaoke] [ở|trên đường] {street} {time}, [khói đen|lửa] [bốc cao|cuồn cuộn][, nhiều người mắc kẹt|, tài sản bị thiêu rụi|]",
        ),
        (
            "neg",
            1,
            "[Cướp|Cướp có vũ trang] [tiệm vàng|cửa hàng điện thoại|ngân hàng] [ở|tại] {place} {time}, [đối tượng|tên cướp] [dùng súng|dùng dao|mang hung khí] [khống chế|đe dọa] [nhân viên|chủ tiệm]",
        ),
        (
            "neg",
            1,
            "[Xảy ra|Có] [xô xát|ẩu đả] [giữa|giữa các] [tài xế|người đi đường] [sau va chạm|vì va quẹt] trên {road}, [một người bị đâm|có người bị chém|bị đánh trọng thương]",
        ),
        (
            "neu",
            0,
            "[Công an|Công an tỉnh] [khuyến cáo|cảnh báo] [người dân|bà con] [cảnh giác|đề phòng] [với|trước] [thủ đoạn|chiêu] [lừa đảo qua mạng|giả danh cán bộ|mua bán hàng online] [đang|hiện] [phổ biến|gia tăng]",
        ),
        (
            "neu",
            0,
            "[Cho hỏi|Xin hỏi] [nhặt được|bị mất] [ví|giấy tờ|điện thoại] [ở|tại] {landmark} thì [nộp|báo] [cho|ở] [đâu|công an phường nào] [ạ|vậy]?",
        ),
        (
            "neu",
            0,
            "[Công an|Công an tỉnh] [mở đợt|triển khai] [cao điểm|tổng kiểm tra] [trấn áp tội phạm|bảo đảm an ninh trật tự] [dịp Tết|dịp lễ|từ ngày {date}]",
        ),
        (
            "neu",
            1,
            "[Công an|Cơ quan điều tra] [đang|đã] [điều tra|làm rõ] [vụ|nguyên nhân vụ] [cháy|hỗn chiến|án mạng] [tại|ở] {ward} {time}",
        ),
        (
            "neu",
            1,
            "[Lực lượng PCCC|Cảnh sát PCCC] [đã|đang] [có mặt|dập lửa] [tại|ở] [vụ cháy|đám cháy] [trên đường|ở] {street}, [chưa rõ|đang xác định] [thiệt hại|nguyên nhân]",
        ),
        (
            "pos",
            0,
            "[Công an|Anh em công an] {ward} [tuần tra|đi tuần] [thường xuyên|mỗi đêm], [khu phố|xóm tôi] [yên bình|an toàn] [hẳn|lắm], [không còn|hết] [trộm cắp|tụ tập]",
        ),
        (
            "pos",
            0,
            "[Nhờ|Cảm ơn] [camera an ninh|công an phường|tổ an ninh tự quản] [mà|nên] [tôi|nhà tôi] [tìm lại được|lấy lại được] [xe máy|điện thoại|ví] [bị mất|trong vòng {num} ngày], [quá|rất] [cảm kích|vui]",
        ),
        (
            "pos",
            0,
            "[Công an tỉnh|Công an thành phố] [triệt phá|bắt gọn] [đường dây|ổ nhóm] [lừa đảo|đánh bạc|ma túy] [ở|tại] {place}, [người dân|bà con] [rất mừng|hoan nghênh|an tâm hơn]",
        ),
        (
            "pos",
            1,
            "[Cảnh sát PCCC|Lính cứu hỏa|Anh em PCCC] [dập tắt|khống chế] [đám cháy|vụ cháy] [ở|tại] {street} [chỉ sau|trong vòng] {num}0 phút, [cứu|đưa] [{num} người|cả gia đình] [ra ngoài an toàn|thoát nạn], [quá|thật] [giỏi|đáng khen]",
        ),
    ],
    "prices": [
        (
            "neg",
            0,
            "[Giá|Giá bán] {item} [ở|tại] {market} [tăng|lên] [vọt|gấp đôi|chóng mặt] [chỉ trong|sau] [vài ngày|một tuần], [bà con|người lao động] [méo mặt|kêu trời|chịu không nổi]",
        ),
        (
            "neg",
            0,
            "[Tiểu thương|Người bán] [ở|tại] {market} [cân điêu|cân thiếu|gian lận cân], [mua|mua có] [1 ký|một ký] {item} [về cân lại|về nhà] [chỉ còn|thiếu] [7 lạng|8 lạng|gần 2 lạng]",
        ),
        (
            "neg",
            0,
            "[Tiền điện|Hóa đơn điện|Tiền nước] [tháng này|tháng vừa rồi] [tăng|cao] [gấp đôi|vọt lên|bất thường] [mà|trong khi] [xài|dùng] [như mọi tháng|không hơn tháng trước], [hỏi|gọi hỏi] [thì|mà] [không ai giải thích|trả lời vòng vo]",
        ),
        (
            "neg",
            0,
            "[Cây xăng|Cửa hàng xăng dầu] [ở|trên] {road} [treo biển hết xăng|ngưng bán|bán nhỏ giọt] [mà|dù] [giá sắp tăng|vẫn còn hàng], [rõ là|có dấu hiệu] [găm hàng|đầu cơ]",
        ),
        (
            "neg",
            0,
            "[Giá|Giá thuê] [nhà trọ|phòng trọ] [gần|quanh] {kcn} [tăng|lên] [liên tục|vô lý], [công nhân|người lao động] [lương không đủ|sống chật vật|phải ở ghép]",
        ),
        (
            "neg",
            0,
            "[Hàng giả|Hàng nhái|Hàng không rõ nguồn gốc] [bày bán|bán tràn lan] [công khai|khắp nơi] [ở|tại] {market}, [không thấy|chẳng thấy] [quản lý thị trường|ai] [kiểm tra|xử lý]",
        ),
        (
            "neu",
            0,
            "[Giá|Giá xăng] [xăng RON 95|xăng E5|dầu diesel] [từ|kể từ] [15h|chiều] [ngày|hôm nay] {date} [tăng|giảm|điều chỉnh] [khoảng|] [{num}00|{num}0] đồng mỗi lít",
        ),
        (
            "neu",
            0,
            "[Cho hỏi|Xin hỏi] [giá|mức giá] {item} [ở|tại] {market} [hôm nay|bây giờ] [bao nhiêu|khoảng bao nhiêu] [một ký|vậy mọi người]?",
        ),
        (
            "neu",
            0,
            "[Sở Công Thương|Tỉnh] [triển khai|tổ chức] [chương trình bình ổn giá|phiên chợ hàng Việt|điểm bán hàng bình ổn] [dịp Tết|tại {place}|từ ngày {date}]",
        ),
        (
            "neu",
            0,
            "[Chỉ số giá tiêu dùng|CPI] [của tỉnh|tháng này] [tăng|giảm] [khoảng|] 0,{num}% so với tháng trước, [chủ yếu|phần lớn] do [giá thực phẩm|giá xăng dầu|giá dịch vụ]",
        ),
        (
            "pos",
            0,
            "[Giá|Giá bán] {item} [ở|tại] {market} [đã|] [giảm|hạ] [nhiều|hẳn|đáng kể], [bà con|người nội trợ] [mừng|đỡ lo] [lắm|ghê]",
        ),
        (
            "pos",
            0,
            "[Phiên chợ|Điểm bán] [bình ổn giá|hàng Việt|nông sản] [ở|tại] {place} [hàng tươi|hàng chất lượng] [giá rẻ|giá tốt] [hơn ngoài chợ|lắm], [mua được|mua nhiều] [nhiều thứ|đồ Tết], [rất|quá] [ưng|hài lòng]",
        ),
        (
            "pos",
            0,
            "[Quản lý thị trường|Đội quản lý thị trường] [kiểm tra|xử phạt] [các điểm|các quầy] [cân điêu|bán hàng giả] [ở|tại] {market}, [giờ|bây giờ] [mua bán|đi chợ] [yên tâm|công bằng] [hơn|hẳn]",
        ),
        (
            "pos",
            0,
            "[Cửa hàng|Tiệm tạp hóa] [gần nhà|đầu hẻm] [niêm yết giá rõ ràng|bán đúng giá|không tăng giá] [dịp Tết|mùa lễ], [bà con|khách] [ủng hộ|quý] [lắm|nhiều]",
        ),
    ],
    "land": [
        (
            "neg",
            0,
            "[Chờ|Xin] [cấp sổ đỏ|cấp giấy chứng nhận quyền sử dụng đất] [cho|] [mảnh đất|thửa đất] [ở|tại] {ward} [đã {num} năm|mấy năm nay] [mà|vẫn] [chưa có|chưa được giải quyết|cứ hẹn lần hẹn lữa]",
        ),
        (
            "neg",
            0,
            "[Dự án|Khu dân cư] [treo|bỏ hoang] [ở|tại] {place} [hơn {num} năm|nhiều năm] [không triển khai|cỏ mọc um tùm], [dân|người dân] [không được xây nhà|không được chuyển nhượng|sống tạm bợ]",
        ),
        (
            "neg",
            0,
            "[Công trình|Nhà] [xây dựng|xây] [trái phép|không phép|lấn chiếm] [trên|ở] [đất nông nghiệp|hành lang bảo vệ bờ biển|đất rừng phòng hộ] [tại|ở] {place} [mọc lên|rầm rộ] [mà|nhưng] [chính quyền làm ngơ|không ai xử lý]",
        ),
        (
            "neg",
            0,
            "[Giá đền bù|Tiền bồi thường] [giải phóng mặt bằng|thu hồi đất] [cho|của] [dự án|tuyến] {road} [quá thấp|không thỏa đáng|thấp hơn giá thị trường nhiều lần], [bà con|các hộ dân] [không đồng ý|chưa chịu bàn giao]",
        ),
        (
            "neg",
            0,
            "[Phân lô bán nền|Chia lô] [trái phép|tự phát] [ở|tại] {place} [quảng cáo|rao bán] [rầm rộ|trên mạng], [người mua|nhiều người] [bị lừa|mất trắng|không làm được sổ]",
        ),
        (
            "neg",
            0,
            "[Hàng xóm|Nhà bên cạnh] [lấn|xây lấn] [sang|qua] [đất nhà tôi|lối đi chung] [ở|tại] {ward}, [báo|gửi đơn] [lên|cho] {body} [mấy lần|nhiều tháng] [mà chưa giải quyết|không ai xuống đo đạc]",
        ),
        (
            "neg",
            1,
            "{crowd} người dân [tụ tập|căng băng rôn|kéo đến] [phản đối|khiếu kiện] [việc thu hồi đất|cưỡng chế|giá đền bù] [cho dự án|tại dự án] [ở|tại] {place}, [tình hình|không khí] [căng thẳng|rất căng]",
        ),
        (
            "neg",
            1,
            "[Buổi cưỡng chế|Cưỡng chế] [thu hồi đất|giải tỏa] [ở|tại] {place} [xảy ra xô xát|bị người dân chống đối|có người ném đá], [lực lượng chức năng|cảnh sát cơ động] [phải can thiệp|được huy động]",
        ),
        (
            "neu",
            0,
            "[Cho hỏi|Xin hỏi] [thủ tục|hồ sơ] [tách thửa|chuyển mục đích sử dụng đất|sang tên sổ đỏ] [ở|tại] {place} [cần gì|mất bao lâu|phí bao nhiêu] [ạ|vậy]?",
        ),
        (
            "neu",
            0,
            "[UBND tỉnh|Tỉnh] [công bố|ban hành] [bảng giá đất|quy hoạch sử dụng đất|kế hoạch sử dụng đất] [mới|] [áp dụng|có hiệu lực] từ ngày {date}",
        ),
        (
            "neu",
            0,
            "[Dự án|Công trình] [khu tái định cư|đường ven biển|khu đô thị] [ở|tại] {place} [đã|đang] [thu hồi|kiểm đếm] [đất|đất đai] của {num}{num} hộ dân, [dự kiến|theo kế hoạch] [bàn giao mặt bằng|chi trả] vào [tháng tới|quý [III|IV]]",
        ),
        (
            "neu",
            1,
            "[Chính quyền|UBND] {place} [tổ chức|đã có buổi] [đối thoại|tiếp xúc] với [các hộ dân|người dân] [khiếu kiện|phản đối] [thu hồi đất|giá đền bù] [vào ngày|ngày] {date}",
        ),
        (
            "pos",
            0,
            "[Cuối cùng|Sau bao năm chờ đợi] [gia đình tôi|nhà tôi|bà con] [cũng|đã] [được cấp sổ đỏ|nhận được giấy chứng nhận], [cán bộ|văn phòng đăng ký đất đai] {place} [làm việc|hỗ trợ] [nhanh|nhiệt tình] [lắm|thật sự]",
        ),
        (
            "pos",
            0,
            "[Khu tái định cư|Khu tái định cư mới] [ở|tại] {place} [xây dựng|làm] [khang trang|đẹp|đầy đủ hạ tầng], [bà con|các hộ dân] [rất phấn khởi|ưng ý|mừng]",
        ),
        (
            "pos",
            0,
            "[Chính quyền|UBND] {place} [đối thoại|làm việc] [thẳng thắn|công khai|minh bạch] [về|việc] [giá đền bù|quy hoạch], [người dân|bà con] [đồng thuận|đồng tình] [bàn giao mặt bằng|ủng hộ dự án]",
        ),
        (
            "pos",
            0,
            "[Công trình|Nhà] [xây trái phép|lấn chiếm] [trên|ở] [đất rừng phòng hộ|bờ biển] [ở|tại] {place} [đã bị|vừa bị] [tháo dỡ|xử lý dứt điểm], [thế mới|đây mới] [nghiêm|là làm thật|đúng]",
        ),
    ],
    "other": [
        (
            "neg",
            0,
            "[Cúp điện|Mất điện] [ở|tại] {ward} [từ sáng|cả ngày|{num} tiếng liền] [mà không báo trước|không thông báo gì|giữa trời nắng nóng], [đồ trong tủ lạnh hư hết|không làm ăn gì được]",
        ),
        (
            "neg",
            0,
            "[Mất nước|Cúp nước] [ở|tại] {ward} [suốt {num} ngày|mấy hôm nay|cả tuần] [mà|nhưng] [công ty cấp nước|không ai] [không báo|không giải thích|im lặng], [sinh hoạt|tắm giặt] [khổ sở|đảo lộn]",
        ),
        (
            "neg",
            0,
            "[Chó thả rông|Chó không rọ mõm] [chạy|đi] [khắp|đầy] [hẻm|đường|bãi biển] [ở|tại] {ward}, [cắn người|rượt người đi đường|phóng uế bừa bãi], [chủ nuôi|chủ chó] [mặc kệ|không quan tâm]",
        ),
        (
            "neg",
            0,
            "[Đèn đường|Đèn chiếu sáng] [trên|ở] đường {street} [hư|tắt] [cả tháng nay|lâu rồi] [tối om|tối thui], [đi lại|về khuya] [sợ lắm|rất nguy hiểm]",
        ),
        (
            "neg",
            0,
            "[Sóng điện thoại|Mạng internet|Sóng 4G] [ở|tại] {place} [yếu|chập chờn|mất liên tục] [cả tuần|mấy hôm nay], [gọi điện|làm việc online] [không được|khổ lắm]",
        ),
        (
            "neg",
            1,
            "[Cháy|Nổ|Chập cháy] [trạm biến áp|tủ điện|đường dây điện] [ở|tại] {ward} {time}, [lửa bùng lên|tiếng nổ lớn] [làm|khiến] [cả khu|nhiều hộ] [mất điện|hoảng sợ]",
        ),
        (
            "neu",
            0,
            "[Điện lực|Công ty điện lực] [thông báo|có lịch] [tạm ngừng cấp điện|cắt điện] [để bảo trì|để sửa chữa] [ở|tại] {ward} [vào ngày|ngày] {date} [từ 7h đến 16h|trong buổi sáng]",
        ),
        (
            "neu",
            0,
            "[Cho hỏi|Ai biết cho hỏi] [chỗ|nơi] [sửa xe|in ấn|photo|gửi hàng] [uy tín|gần] [ở|quanh] {ward} [với|không] [ạ|mọi người]?",
        ),
        (
            "neu",
            0,
            "[Tổ dân phố|Khu phố] [ở|tại] {ward} [họp|tổ chức họp] [vào|tối] [ngày|] {date} [để bàn|về việc] [làm đường hẻm|đóng góp quỹ|bầu tổ trưởng mới]",
        ),
        (
            "neu",
            0,
            "[Tìm|Nhận] [chủ|người đánh rơi] [một chiếc ví|chùm chìa khóa|chiếc điện thoại] [ở|gần] [{landmark}|{market}], [ai mất|ai đánh rơi] [liên hệ|nhắn] [{phone}|mình] [nhé|để nhận lại]",
        ),
        (
            "neu",
            0,
            "[Cuối tuần này|Tối nay] [ở|tại] [{landmark}|quảng trường Tam Thắng] có [chương trình ca nhạc|chiếu phim|hội chợ] [không|miễn phí] [mọi người|] [?|nhỉ?|ạ?]",
        ),
        (
            "pos",
            0,
            "[Điện lực|Anh em điện lực] [sửa|khắc phục] [sự cố|đường dây] [trong đêm|dưới mưa|rất nhanh], [khu tôi|xóm tôi] [có điện lại|sáng đèn] [chỉ sau|sau] {num} tiếng, [cảm ơn|cám ơn] [các anh|nhiều]",
        ),
        (
            "pos",
            0,
            "[Hẻm|Đường hẻm] [nhà tôi|chỗ tôi] [ở|tại] {ward} [vừa được|đã được] [đổ bê tông|lắp đèn|làm lại], [bà con|cả xóm] [vui|mừng] [lắm|ghê]",
        ),
        (
            "pos",
            0,
            "[Cảm ơn|Cám ơn] [anh|chị|bạn] [nhặt được|đã trả lại] [ví|điện thoại|giấy tờ] [cho tôi|của tôi] [ở|gần] [{landmark}|{market}], [người tốt|tử tế] [vẫn còn nhiều|thật sự]",
        ),
        (
            "pos",
            0,
            "[Thành phố mình|{place}] [dạo này|năm nay] [thay đổi|phát triển|đẹp lên] [nhiều|từng ngày], [tự hào|yêu] [quê mình|Vũng Tàu|Bà Rịa] [lắm|quá]",
        ),
    ],
}
