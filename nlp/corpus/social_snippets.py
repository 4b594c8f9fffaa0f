"""Hand-written snippets of the social/news-style part of the seed corpus.

:mod:`nlp.corpus.social` composes comment-thread replies, emoji comments, reviews with stars,
long first-person posts and news headlines from these snippets, so that the corpus is not only
the templates' letter-like style (``templates.py``). They were written for this project, by
the project, after the templates and apart from the held-out style-shift set
(``style_shift.py``), which the generator checks it does not come near. Licence: the
project's own (Apache-2.0), like the rest of the corpus.

``CLAIMS[topic]`` entries are ``(sentiment, sensitive, text)``: what a resident says, in the
first person and a colloquial voice, without final punctuation. ``HEADLINES[topic]`` entries
have the same shape and read like a news headline. ``[a|b]`` picks an alternative and
``{slot}`` a filler from :mod:`nlp.corpus.slots`, as in the templates. Labels follow the
labelling guide of ``DATASHEET.md``.
"""

from __future__ import annotations

Snippet = tuple[str, int, str]

CLAIMS: dict[str, list[Snippet]] = {
    "traffic": [
        (
            "neg",
            0,
            "chạy xe trên {road} giờ tan ca mà như đánh cược mạng sống, container ép sát lề, xe máy [không có chỗ né|hết đường né]",
        ),
        (
            "neg",
            0,
            "hẻm nhà mình trên đường {street} bị đào lên lắp cống [cả tháng|hai tuần] rồi, [không ai|chẳng ai] rào chắn, tối về phải dắt xe qua bùn",
        ),
        (
            "neg",
            0,
            "đèn đường đoạn {road} gần {place} tắt [cả tuần|mấy đêm liền], chạy ban đêm tối thui, mấy lần suýt tông người đi bộ",
        ),
        (
            "neg",
            0,
            "[vụ|cú] va chạm ở vòng xoay {street_vt} [tối qua|chiều qua] làm [hai|ba] xe máy [nằm giữa đường|văng ra xa], có người [bất tỉnh|chảy máu nhiều]",
        ),
        (
            "neg",
            0,
            "xe buýt số {bus} [bỏ trạm|không dừng đón] hoài, đứng đợi [40 phút|cả tiếng] dưới nắng mà xe chạy lướt qua luôn",
        ),
        (
            "neg",
            0,
            "mấy nhóm thanh niên [đua xe|bốc đầu xe] trên đường ven biển [lúc nửa đêm|sau 12h đêm], [nẹt pô|rú ga] ầm ầm, [dân|cả xóm] ngủ không được",
        ),
        (
            "neu",
            0,
            "cho mình hỏi [từ mai|tuần sau] đường {street_vt} [cấm|phân luồng] xe mấy giờ vậy ạ, [mình đi làm ngang đó|nhà mình ở đầu đường]",
        ),
        (
            "neu",
            0,
            "đoạn {road} qua {place} đang [thảm nhựa|sửa mặt đường], ai đi [hướng đó|ngang đó] nên [đi đường vòng|né giờ cao điểm]",
        ),
        ("neu", 0, "xe buýt số {bus} [đổi lộ trình|thêm chuyến] từ ngày {date}, [lịch cụ thể|giờ chạy] dán ở các trạm"),
        (
            "neu",
            0,
            "[ai biết|có ai biết] [chỗ|điểm] [đăng kiểm|đổi bằng lái] ở Bà Rịa [làm thứ bảy|mở cửa cuối tuần] không ạ",
        ),
        (
            "neu",
            0,
            "[tối nay|chiều nay] có [diễn tập|chương trình] ở quảng trường Tam Thắng nên [mấy tuyến|vài tuyến] quanh đó [tạm cấm|tạm phân luồng] xe [từ 17h|từ 18h]",
        ),
        (
            "pos",
            0,
            "cầu vượt mới ở {place} [thông xe rồi|đưa vào dùng rồi], [giờ đi làm|sáng đi làm] [nhanh hơn|đỡ hơn] [cả 15 phút|gần nửa tiếng], [sướng|đã] thật sự",
        ),
        (
            "pos",
            0,
            "hôm bữa xe [chết máy|xẹp bánh] giữa {road}, mấy anh CSGT [đẩy xe|phụ đẩy xe] [vào lề|tới tiệm sửa], [cảm ơn|biết ơn] mấy anh nhiều",
        ),
        (
            "pos",
            0,
            "đường {street} [mới trải nhựa|mới làm lại] [êm ru|phẳng lì], vạch kẻ [rõ ràng|mới tinh], chạy [thích|sướng] luôn",
        ),
        (
            "pos",
            0,
            "[từ khi|từ lúc] có [camera phạt nguội|đèn đếm ngược] ở ngã tư {street_vt}, [xe cộ|mọi người] đi [có trật tự|đàng hoàng] hẳn, [không còn|hết] cảnh chen lấn",
        ),
        (
            "pos",
            0,
            "xe buýt điện tuyến mới [sạch|mát], tài xế [lịch sự|chạy êm], [học sinh|mấy bạn sinh viên] đi [tiện|thích] lắm",
        ),
    ],
    "flooding": [
        (
            "neg",
            0,
            "[mưa có|mưa chưa tới] [nửa tiếng|một tiếng] mà hẻm nhà mình trên đường {street_vt} nước [lên tới|ngập tới] [đầu gối|yên xe], [xe chết máy|dắt bộ] [cả dãy|hàng loạt]",
        ),
        (
            "neg",
            0,
            "[nhà|dãy trọ] mình ở {ward} [đêm qua|tối qua] nước tràn vào [tận|ngập] [phòng ngủ|trong nhà], [đồ đạc|tủ lạnh, máy giặt] [hư hết|ngâm nước] rồi",
        ),
        (
            "neg",
            0,
            "[cống thoát nước|miệng cống] đầu hẻm [nghẹt rác|bị bít] [lâu lắm rồi|cả năm nay], báo [tổ dân phố|phường] [mấy lần|hoài] [không ai tới|không thấy ai xử lý]",
        ),
        (
            "neg",
            1,
            "[lốc xoáy|giông lốc] [tối qua|chiều qua] ở {place} [tốc mái|làm sập] [mấy căn nhà|cả chục căn nhà], [cây|trụ điện] ngã [đè|chắn ngang] đường",
        ),
        (
            "neg",
            0,
            "[triều cường|nước biển dâng] [mấy hôm nay|đợt này] [tràn qua|đánh tràn] kè ở {place}, [mấy nhà ven biển|nhà sát biển] [ngập tới bậc thềm|nước lênh láng], bà con [lo lắm|thức trắng canh nước]",
        ),
        (
            "neg",
            1,
            "[sạt lở|lở đất] ở bờ {river} [khoét sâu|ăn vào] [sát móng nhà|tận chân nhà], [cả xóm|mấy hộ] [không dám ngủ|phải dọn đồ đi]",
        ),
        (
            "neu",
            0,
            "[mọi người|cả nhà] cho hỏi [đường|đoạn] {street_vt} [giờ này|bây giờ] còn ngập không, [mình định chạy qua|mình cần chở con đi học]",
        ),
        (
            "neu",
            1,
            "[đài|bản tin] báo có [cơn bão|áp thấp nhiệt đới] [đang vào|hướng vào] [gần bờ|vùng biển mình] [cuối tuần này|mấy ngày tới], [ai có ghe|bà con đi biển] [theo dõi|để ý] thông báo nha",
        ),
        (
            "neu",
            0,
            "[UBND|] {ward} [đang|bắt đầu] [nạo vét|khơi thông] [cống|mương thoát nước] [từ tuần này|trong tháng này], [mấy hẻm|vài đoạn] [sẽ rào|có rào chắn] tạm",
        ),
        (
            "neu",
            0,
            "[trạm đo|bảng đo] mực nước trên {river} [báo|ghi] đỉnh triều [chiều nay|tối nay] khoảng [1,2|1,3] mét, [để ý|lưu ý] [giờ triều lên|khi đi qua]",
        ),
        (
            "neu",
            0,
            "[năm nay|mùa mưa này] thành phố có [app|số điện thoại] báo điểm ngập không [mọi người|các bạn], [mình tìm không thấy|mình muốn báo chỗ ngập]",
        ),
        (
            "pos",
            0,
            "[hẻm nhà mình|con đường trước nhà] [năm nào cũng ngập|trước ngập quanh năm], [từ khi|từ lúc] làm [cống lớn|hồ điều tiết] [mưa cỡ nào|mưa to mấy] [cũng rút liền|cũng không đọng nước], [mừng ghê|đỡ khổ hẳn]",
        ),
        (
            "pos",
            1,
            "[đêm bão|hôm mưa bão] mấy anh [dân quân|bộ đội|công an xã] ở {place} [đi từng nhà|gõ cửa từng nhà] [nhắc|giúp] [chằng chống|di dời], [cảm động|biết ơn] [lắm|vô cùng]",
        ),
        (
            "pos",
            0,
            "[bờ kè|kè] [mới|vừa xây xong] dọc {beach} [vững|chắc chắn], [đợt triều cường|mấy đợt sóng lớn] vừa rồi [không còn|hết] tràn vào nhà [như mọi năm|như trước]",
        ),
        (
            "pos",
            0,
            "[mới mưa xong|sau trận mưa] [đội thoát nước|công nhân công trình đô thị] [tới liền|có mặt ngay] [hút nước|vớt rác] ở [miệng cống|chỗ ngập] đường {street}, [làm nhanh|nhanh gọn] [ghê|thật]",
        ),
        (
            "pos",
            0,
            "nhờ [loa|tin nhắn] báo [sớm|trước] [từ chiều|cả ngày], [xóm mình|cả khu] [kê đồ|chuyển xe] lên cao kịp, [không mất mát gì|không thiệt hại gì]",
        ),
    ],
    "environment": [
        (
            "neg",
            0,
            "[tối nào|đêm nào] gió [thổi|tạt] từ {kcn} qua cũng [có|nghe] mùi [khét|hắc|hóa chất], mấy đứa nhỏ [ho|sổ mũi] [hoài|liên tục]",
        ),
        (
            "neg",
            0,
            "nước {river} [đoạn|khúc] gần xóm mình [đổi màu|đen ngòm|sủi bọt] [mấy hôm nay|từ tuần trước], cá chết [trắng|nổi] [một khúc|lềnh bềnh]",
        ),
        (
            "neg",
            0,
            "[xe|mấy xe] [bồn|hút hầm cầu] lén [xả|đổ] [chất thải|nước thải] [xuống mương|ra suối] ở {ward} [ban đêm|lúc khuya], [hôi|thối] [không chịu nổi|kinh khủng]",
        ),
        (
            "neg",
            0,
            "[công trình|mấy công trường] [trên đường|dọc] {street} để [bụi|cát] bay [mù trời|trắng xóa], [nhà mặt tiền|nhà ven đường] [lau nhà|đóng cửa] cả ngày [vẫn|cũng] [dơ|bụi]",
        ),
        (
            "neg",
            0,
            "[ai đó|có người] [chặt|đốn] [mấy cây|hàng cây] [dầu|phượng] [lâu năm|cổ thụ] trên đường {street_vt} mà [không thấy|chẳng có] [thông báo|giấy phép] gì [hết|cả]",
        ),
        (
            "neg",
            0,
            "[mấy ngày nay|tuần này] nước biển ở {beach} [có|nổi] [váng dầu|dầu vón cục] [bám|dính] [đầy|khắp] chân, tắm xong [chà|kỳ] [mãi|hoài] không sạch",
        ),
        (
            "neu",
            0,
            "[có ai biết|cho mình hỏi] chỉ số không khí [ở|khu] {place} [xem ở đâu|tra ở trang nào] không ạ, mình muốn [dắt con đi dạo|cho con ra ngoài] buổi sáng",
        ),
        (
            "neu",
            0,
            "[Sở|bên] Tài nguyên và Môi trường [sẽ|đang] [lấy mẫu|quan trắc] nước {river} [trong tuần này|đến cuối tháng], [kết quả|số liệu] [sẽ công bố|đăng] trên cổng thông tin của tỉnh",
        ),
        (
            "neu",
            0,
            "[đoàn thanh niên|UBND] {ward} [tổ chức|phát động] [trồng cây|ngày chủ nhật xanh] [vào|sáng] [chủ nhật|thứ bảy] [này|tới], ai muốn tham gia [đăng ký|ghi tên] với tổ dân phố",
        ),
        (
            "neu",
            0,
            "[mọi người|ai] biết [chỗ nào|điểm nào] [nhận|thu] [pin cũ|bóng đèn hỏng] quanh {place} không, [nhà mình|mình] gom được [cả bao|một túi] rồi",
        ),
        (
            "neu",
            0,
            "[nhà máy|doanh nghiệp] trong {kcn} [tổ chức|mời] [đối thoại|họp] với người dân về [khí thải|nước thải] [vào|sáng] {date}",
        ),
        (
            "pos",
            0,
            "[dạo này|từ đầu năm] sáng ra [chạy bộ|đi bộ] dọc {beach} thấy không khí [trong lành|mát] hẳn, [không còn|hết] mùi [lạ|khói] như [năm ngoái|trước]",
        ),
        (
            "pos",
            0,
            "[nhóm|đội] [thanh niên|bạn trẻ] ở {ward} [cuối tuần|chủ nhật] nào cũng [đi nhặt|vớt] [rác|chai nhựa] dọc {river}, giờ nước [sạch|trong] [thấy rõ|hơn hẳn], [quý|nể] mấy bạn [ghê|thật]",
        ),
        (
            "pos",
            0,
            "đường {street_vt} [mới|vừa] trồng thêm [hàng|dãy] [cây xanh|sao dầu], [mấy năm nữa|vài năm nữa] [mát|rợp bóng] [luôn|phải biết]",
        ),
        (
            "pos",
            0,
            "[cuối cùng|rốt cuộc] [cơ sở|xưởng] [tái chế|nhựa] [gây ô nhiễm|xả khói] gần {ward} cũng [bị đình chỉ|phải di dời], [cả xóm|bà con] [mừng|vui] [lắm|ra mặt]",
        ),
        (
            "pos",
            0,
            "[trạm xử lý nước thải|hệ thống quan trắc tự động] của {kcn} [chạy|hoạt động] ổn định rồi, số liệu [công khai|đăng] [trên mạng|mỗi ngày], người dân [yên tâm|an tâm] hơn",
        ),
    ],
    "waste": [
        (
            "neg",
            0,
            "[xe rác|xe thu gom] [bỏ qua|không tới] hẻm nhà mình [ba ngày|gần tuần] [rồi|nay], [rác|túi rác] [chất đống|bốc mùi] [trước cửa|đầu hẻm], [chó mèo|chuột] [bới|lôi] [tung tóe|khắp nơi]",
        ),
        (
            "neg",
            0,
            "[khu đất trống|bãi đất] cạnh {market} [thành|biến thành] [bãi rác tự phát|chỗ đổ xà bần], [ruồi|muỗi] [bu|bay] [đầy|kín], đi ngang phải bịt mũi",
        ),
        (
            "neg",
            0,
            "[cứ|mỗi] [tối|khuya] lại [có|thấy] [xe ba gác|người] [chở|mang] [xà bần|rác công trình] [đổ trộm|lén đổ] ra [lề đường|bãi trống] {street}",
        ),
        (
            "neg",
            0,
            "gió [thổi|lên] là [cả|nguyên] {ward} [ngửi|nghe] mùi từ {landfill}, [ăn cơm|ngủ] [không nổi|cũng không yên]",
        ),
        (
            "neg",
            0,
            "[thùng rác|thùng rác công cộng] trên {beach} [đầy|tràn] [ứ|mà không ai đổ], [rác|ly nhựa] [bay|vương] khắp bãi cát, [khách|du khách] [chê|than] [quá trời|quá chừng]",
        ),
        (
            "neg",
            0,
            "[tiền rác|phí thu gom] [tăng|lên] [mà|nhưng] [xe rác|người thu] [tới|đến] [thất thường|bữa có bữa không], đóng tiền mà bực",
        ),
        (
            "neu",
            0,
            "[mọi người|cả nhà] ơi [giờ|lịch] [thu gom rác|xe rác chạy] ở {ward} [đổi|chuyển] sang [buổi tối|sau 18h] từ {date} [nha|nhé]",
        ),
        ("neu", 0, "[cho hỏi|ai biết] muốn [bỏ|vứt] [tủ|nệm|sofa] cũ thì [gọi|liên hệ] [ai|đâu] ở {place} [vậy|ạ]"),
        (
            "neu",
            0,
            "[phường|tổ dân phố] [đang|sẽ] phát [thùng|túi] [phân loại rác|đựng rác hữu cơ] cho [từng hộ|các hộ] [trong tháng này|tuần sau], [hộ nào chưa nhận|ai chưa có] [báo|liên hệ] tổ trưởng",
        ),
        (
            "neu",
            0,
            "theo [thông báo|kế hoạch], {landfill} [sẽ|dự kiến] [đóng|ngừng tiếp nhận] [ô chôn lấp cũ|hố chôn số 3] [cuối năm nay|trong năm tới]",
        ),
        (
            "neu",
            0,
            "[có ai|mình muốn] hỏi [lịch|ngày] [thu gom|nhận] [rác tái chế|ve chai] [miễn phí|đổi quà] ở {ward} tháng này",
        ),
        (
            "pos",
            0,
            "[từ khi|từ lúc] [xóm mình|khu phố] [phân loại rác|bỏ rác đúng giờ], [đầu hẻm|góc chợ] [sạch|gọn] [bong|hẳn], [không còn|hết] [mùi|ruồi] [như trước|nữa]",
        ),
        (
            "pos",
            0,
            "mấy cô [công nhân|lao công] [quét dọn|vệ sinh] dọc {street_vt} [làm từ|dậy từ] [4h sáng|khi trời chưa sáng], sáng ra đường [sạch tinh|sạch bong], [thương|quý] mấy cô [lắm|ghê]",
        ),
        (
            "pos",
            0,
            "[bãi rác tự phát|đống rác] [đầu|cuối] [hẻm|xóm] [nằm đó|tồn tại] [mấy năm|cả năm] cuối cùng [được dọn|dọn sạch] rồi [trồng hoa|làm vườn hoa], [đẹp|xinh] [hết sức|ghê]",
        ),
        (
            "pos",
            0,
            "[điểm đổi|chương trình đổi] [rác|chai nhựa] lấy [cây|quà] ở {ward} [vui|hay] [lắm|thật], [con mình|mấy đứa nhỏ] [háo hức|giành nhau] đi gom ve chai",
        ),
        (
            "pos",
            0,
            "sau đợt sóng lớn, rong rêu với rác dạt đầy {beach} mà [chỉ một buổi|chưa tới trưa] đã được [vớt sạch|dọn gọn], chiều ra tắm [sạch sẽ|thoải mái] hẳn",
        ),
    ],
    "public_service": [
        (
            "neg",
            0,
            "[nộp|làm] [hồ sơ|giấy tờ] ở {body} mà [bị|cứ bị] [hẹn|trả về] [tới lần thứ ba|ba lần], [mỗi lần|lần nào] [lại|cũng] [đòi|bắt] bổ sung [một|cái] giấy [khác|mới]",
        ),
        (
            "neg",
            0,
            "[gọi|điện] [đường dây nóng|tổng đài] của {agency} [cả buổi|mấy chục cuộc] [không ai|chẳng ai] [bắt máy|nghe], [có việc gấp|cần gấp] mà [chịu|bó tay]",
        ),
        (
            "neg",
            0,
            "[cán bộ|chị cán bộ] ở quầy [một cửa|tiếp dân] trả lời [cộc lốc|nhát gừng], hỏi lại [có|một] [câu|chút] mà bị [quát|gắt]",
        ),
        (
            "neg",
            0,
            "cổng dịch vụ công [lỗi|treo] [hoài|suốt], [nộp|up] hồ sơ [mấy lần|cả buổi] [không được|không lên], rốt cuộc vẫn phải [chạy lên|lên tận] [phường|trung tâm]",
        ),
        (
            "neg",
            0,
            "[đăng ký|làm] [khai sinh|tạm trú] cho [con|bé] mà [chờ|đợi] từ [7h sáng|sáng sớm] [tới|đến] [trưa|gần trưa], phòng chờ [chật|nóng] [như lò|hầm hập]",
        ),
        (
            "neg",
            0,
            "xin giấy phép [sửa nhà|xây dựng] ở {place} [gần|hơn] [hai tháng|40 ngày] [vẫn chưa có|vẫn bặt tin], lên hỏi thì bảo chờ [tiếp|thêm]",
        ),
        (
            "neu",
            0,
            "[cho mình hỏi|ai biết chỉ giúp] đăng ký kết hôn ở {ward} hai người có cần [có mặt cùng lúc|đi chung] không [vậy ạ|ạ]",
        ),
        (
            "neu",
            0,
            "từ {date}, [bộ phận|quầy] một cửa của {body} chuyển xuống tầng trệt, [người lớn tuổi|ai đi lại khó] khỏi leo cầu thang [nha|nhé]",
        ),
        (
            "neu",
            0,
            "trung tâm phục vụ hành chính công có [số|đường dây] tra cứu [tiến độ|tình trạng] hồ sơ, [gọi|bấm] [mã|số] biên nhận là [biết|được báo]",
        ),
        (
            "neu",
            0,
            "[mọi người|cả nhà] ơi đóng [phạt nguội|tiền phạt] [qua app|trên mạng] được không hay vẫn phải lên [công an|kho bạc] [ạ|vậy]",
        ),
        (
            "neu",
            0,
            "UBND {ward} [thông báo|dán thông báo] lịch [tiếp công dân|đối thoại] của [chủ tịch|lãnh đạo] vào sáng [thứ năm|thứ ba] [hàng tuần|tuần sau]",
        ),
        (
            "pos",
            0,
            "[nay|hôm nay] lên [làm|nộp] [hồ sơ|giấy tờ] ở {body}, [em cán bộ|cán bộ] [chỉ kỹ|hướng dẫn tận tình] từng mục, [20 phút|nửa tiếng] là xong, [ưng|hài lòng] [ghê|thật sự]",
        ),
        (
            "pos",
            0,
            "[làm|nộp] thủ tục [trên mạng|qua dịch vụ công] rồi ngồi nhà nhận [kết quả|giấy] qua bưu điện, [khỏi|không phải] xin nghỉ làm buổi nào, [quá tiện|tiện thật]",
        ),
        (
            "pos",
            0,
            "[ba mẹ|ông bà] mình [lớn tuổi|già] đi lại [khó khăn|không tiện], mấy em [phường|xã] [tới tận nhà|đến nhà] [làm|giúp làm] giấy tờ, [cảm ơn|biết ơn] [nhiều|vô cùng]",
        ),
        (
            "pos",
            0,
            "[phản ánh|gửi] [ổ gà|đèn hỏng] qua ứng dụng của tỉnh [buổi sáng|hôm trước], [chiều|hôm sau] đã có [người|đội] [tới|xuống] [xử lý|sửa], [nhanh|lẹ] [bất ngờ|không tưởng]",
        ),
        (
            "pos",
            0,
            "chỗ một cửa của {ward} giờ có [máy lấy số|nước uống], [ghế|chỗ ngồi] [thoải mái|đầy đủ], nhân viên [vui vẻ|niềm nở], khác hẳn [hồi trước|mấy năm trước]",
        ),
    ],
    "health": [
        (
            "neg",
            0,
            "[chở|đưa] [con|bé] vào [cấp cứu|khám] ở {hospital} [lúc nửa đêm|hồi 2h sáng], ngồi chờ [gần hai tiếng|hơn tiếng rưỡi] mới có [bác sĩ|người] [khám|ra coi], bé [sốt|khóc] [li bì|mệt lả]",
        ),
        (
            "neg",
            0,
            "[thẻ bảo hiểm|bảo hiểm] đóng đủ mà khám ở {hospital} thuốc [phải|bị bảo] [ra ngoài mua|tự mua] gần hết, vậy [đóng|mua] [làm gì|chi]",
        ),
        (
            "neg",
            0,
            "nhà vệ sinh [khu|khoa] [nhi|nội] {hospital} [dơ|bẩn] [kinh khủng|không tả nổi], [vòi|nước] [hư|không có], bệnh nhân [khổ|chịu] [lắm|ghê]",
        ),
        (
            "neg",
            1,
            "hẻm mình ở {ward} có [mấy đứa nhỏ|mấy người] [sốt xuất huyết|bị sốt xuất huyết] phải nhập viện rồi mà [chưa thấy|không thấy] [ai|đội nào] [xuống|tới] [phun thuốc|diệt lăng quăng]",
        ),
        (
            "neg",
            1,
            "ăn [cơm hộp|bánh mì] ở [căng tin|quán] cạnh {kcn} về, [cả chục|mấy chục] anh em công nhân [đau bụng|nôn ói] phải [vô viện|đi cấp cứu]",
        ),
        (
            "neg",
            0,
            "[tiêm|chích] ngừa cho [con|bé] ở trạm y tế mà [hết thuốc|hết vắc xin] [hoài|suốt], [hẹn|bảo] lên [ba lần|mấy lần] [vẫn chưa|mà chưa] tiêm được",
        ),
        (
            "neu",
            0,
            "[cho mình hỏi|ai biết không] {hospital} có khám [ngoài giờ|dịch vụ] [buổi tối|thứ bảy] không ạ, mình [đi làm|làm ca] cả ngày",
        ),
        (
            "neu",
            0,
            "trạm y tế {ward} khám sức khỏe định kỳ cho [người cao tuổi|các cụ trên 60 tuổi] [vào|ngày] {date}, nhớ mang thẻ bảo hiểm",
        ),
        (
            "neu",
            0,
            "[đợt này|mùa này] trời [thay đổi|nồm], [mọi người|ai có con nhỏ] [để ý|chú ý] [sốt|ho] [kéo dài|trên 3 ngày] thì [đưa|đi] khám sớm nha",
        ),
        (
            "neu",
            0,
            "từ [tháng sau|ngày {date}], khám bảo hiểm ở {hospital} [có thể|được] dùng [căn cước gắn chip|app VNeID] thay thẻ giấy",
        ),
        (
            "neu",
            0,
            "[có ai|ai đã] khám [mắt|răng] ở {hospital} [chưa|rồi], cho mình [xin kinh nghiệm|hỏi cách lấy số] [với|nha]",
        ),
        (
            "pos",
            0,
            "[ba|mẹ] mình [mổ|phẫu thuật] ở {hospital}, [bác sĩ|ê kíp] [giỏi|tận tâm], mấy cô điều dưỡng [chăm|thay băng] [chu đáo|nhẹ nhàng], giờ [khỏe|đi lại được] rồi, [biết ơn|cảm ơn] [lắm|vô cùng]",
        ),
        (
            "pos",
            0,
            "xe chuyển viện chở mẹ mình lên tuyến trên, [cô điều dưỡng|anh điều dưỡng] đi theo [trấn an|dặn dò] suốt đường, cả nhà [bớt hoảng|yên lòng] hẳn",
        ),
        (
            "pos",
            0,
            "trạm y tế {ward} giờ có [bác sĩ|máy móc] [tốt|đầy đủ], [khám|lấy thuốc] [huyết áp|bệnh mãn tính] ngay gần nhà, [khỏi|không phải] lên tuyến trên",
        ),
        (
            "pos",
            0,
            "[lấy số|đặt lịch] khám qua [app|điện thoại] của {hospital} [tiện|nhanh] [ghê|lắm], tới đúng giờ là được [khám|gọi] [liền|ngay]",
        ),
        (
            "pos",
            0,
            "[đoàn|nhóm] [y bác sĩ|bác sĩ tình nguyện] về [khám|phát thuốc] [miễn phí|từ thiện] cho [bà con|người già] {place}, cụ nào cũng được [khám|tư vấn] [kỹ|tận tình], [quý|đáng quý] [lắm|thật]",
        ),
    ],
    "education": [
        (
            "neg",
            0,
            "lớp của con mình ở {school} [đầu năm|mới vô năm] [thu|đòi] [đủ thứ|cả chục khoản] [tiền|phí], từ [quỹ lớp|máy lạnh] tới [ti vi|rèm cửa], thắc mắc thì bảo [tự nguyện|phụ huynh thống nhất] rồi",
        ),
        (
            "neg",
            0,
            "phòng học ở {school} [dột|thấm] mỗi lần mưa, [quạt|bóng đèn] [hư|cháy] [cả tháng|mấy tuần] [không ai|chưa ai] [thay|sửa], học sinh ngồi học mà [tội|khổ] [ghê|lắm]",
        ),
        (
            "neg",
            0,
            "[cô giáo|giáo viên] chủ nhiệm [ép|gợi ý] cả lớp [đi học thêm|học thêm ở nhà cô], em nào không đi là [bị gọi lên bảng|bị làm khó] [hoài|suốt]",
        ),
        (
            "neg",
            0,
            "trước cổng {school} giờ tan trường [kẹt cứng|hỗn loạn], xe phụ huynh [đậu|dừng] tràn ra lòng đường, [mấy đứa nhỏ|học sinh] [len lỏi|chen] giữa dòng xe [nhìn mà sợ|thót tim]",
        ),
        (
            "neg",
            1,
            "con mình bị [nhóm bạn|mấy đứa] [cùng lớp|trong trường] [đánh hội đồng|đánh] ngay [trong nhà vệ sinh|giờ ra chơi], báo nhà trường mà [chỉ cho viết bản kiểm điểm|chỉ nhắc nhở] rồi thôi",
        ),
        (
            "neg",
            0,
            "[tuyển sinh|nộp hồ sơ] [lớp 1|lớp 6] [trên mạng|online] mà hệ thống [sập|treo] [ngay phút đầu|từ 7h sáng], [cả nhà|hai vợ chồng] ngồi [bấm|tải lại] [mãi|cả buổi] [không vào được|vẫn không được]",
        ),
        (
            "neu",
            0,
            "[cho|ai cho] mình hỏi [năm nay|kỳ này] thi vào lớp 10 ở {place} thi [mấy môn|môn gì] và [khi nào|ngày nào] có [điểm chuẩn|kết quả] [vậy|ạ]",
        ),
        (
            "neu",
            0,
            "{school} [thông báo|cho biết] học sinh [nghỉ học|học online] ngày {date} để [làm điểm thi|phục vụ kỳ thi]",
        ),
        (
            "neu",
            0,
            "phụ huynh [lớp 1|lớp 6] ở {ward} [nhớ|lưu ý] [nộp|hoàn tất] hồ sơ nhập học trước ngày {date} [nha|nhé]",
        ),
        (
            "neu",
            0,
            "[ai|có ai] biết [lớp dạy bơi|trung tâm dạy bơi] hè cho trẻ quanh {place} [không|chỗ nào uy tín], mình [muốn|định] [cho bé học|đăng ký cho con]",
        ),
        (
            "neu",
            0,
            "[trường|nhà trường] [tổ chức|mời] [họp phụ huynh|họp cha mẹ học sinh] [đầu năm|giữa kỳ] lúc [7h30|8h] sáng [chủ nhật|thứ bảy] [này|tới]",
        ),
        (
            "pos",
            0,
            "[thầy|cô] [chủ nhiệm|dạy toán] của con mình ở {school} [kèm|dạy thêm] [miễn phí|không lấy tiền] cho mấy em [học yếu|yếu môn] sau giờ học, phụ huynh [quý|thương] [thầy|cô] lắm",
        ),
        (
            "pos",
            0,
            "{school} [mới|vừa] làm xong [thư viện|nhà thể chất] [mới|rộng], con về [khoe|kể] [mãi|hoài], [vui|thích] đi học [hẳn|thấy rõ]",
        ),
        (
            "pos",
            0,
            "học sinh {school} [giành|đạt] [giải|huy chương] học sinh giỏi [năm nay|kỳ này] nhiều [lắm|quá], [tự hào|mừng] cho [các em|tụi nhỏ] [ghê|thật]",
        ),
        (
            "pos",
            0,
            "nhà trường có [xe đưa rước|xe] [miễn phí|hỗ trợ] cho học sinh nhà ở xa như {place}, [phụ huynh|ba mẹ] [yên tâm|an tâm] đi làm [hẳn|luôn]",
        ),
        (
            "pos",
            0,
            "bữa [bán trú|trưa] ở {school} giờ [ngon|đủ chất], thực đơn [công khai|dán] [hàng tuần|mỗi tuần], con ăn [hết suất|sạch phần], [cảm ơn|cám ơn] [nhà trường|các cô]",
        ),
    ],
    "tourism": [
        (
            "neg",
            0,
            "[cuối tuần|lễ vừa rồi] ra {beach} [chơi|tắm], thuê [bộ ghế bố|cái dù] bị [hét|chém] {price}, gọi {tourist_item} tính giá [trên trời|cắt cổ]",
        ),
        (
            "neg",
            0,
            "resort gần {beach} quảng cáo có hồ bơi, tới nơi hồ [cạn nước|đóng cửa], nhân viên bảo đang bảo trì mà không giảm đồng nào, [thất vọng|tụt mood] [toàn tập|hết sức]",
        ),
        (
            "neg",
            0,
            "lên {landmark} mà [rác|ly nhựa] [vứt|vương] đầy [lối đi|bậc thang], [người bán hàng rong|mấy người chèo kéo] [bám theo|đeo bám] [mời mua|nài chụp hình] [suốt|hoài]",
        ),
        (
            "neg",
            0,
            "[gửi|đậu] xe máy gần {beach} bị [thu|lấy] [50 nghìn|100 nghìn] một chiếc, xin [vé|biên lai] thì bị [lườm|chửi]",
        ),
        (
            "neg",
            0,
            "[mùa này|dạo này] [sứa|sứa lửa] [dạt|trôi] vào {beach} [nhiều lắm|đầy], con mình xuống tắm bị [chích|đốt] sưng [cả chân|nguyên tay] mà không thấy [biển|bảng] cảnh báo nào",
        ),
        (
            "neg",
            0,
            "[tour|vé tàu] ra Côn Đảo trả tiền trước [cả tháng|mấy tuần], sát ngày bị [hủy|dời] không báo một tiếng, đòi hoàn tiền thì [hẹn|khất] [hoài|lần lữa]",
        ),
        (
            "neu",
            0,
            "[cuối tuần này|mấy ngày tới] [ai|bạn nào] ra {beach} cho mình [xin|hỏi] [review|kinh nghiệm] quán hải sản giá [hợp lý|bình dân] [với|nha]",
        ),
        (
            "neu",
            0,
            "[lễ hội|đêm] [pháo hoa|âm nhạc] ở {beach} [diễn ra|tổ chức] từ [20h|19h30] ngày {date}, các tuyến quanh đó [sẽ|có thể] [cấm|hạn chế] xe",
        ),
        (
            "neu",
            0,
            "giá vé [tham quan|vào cổng] {landmark} từ {date} [điều chỉnh|thay đổi] thành [30 nghìn|50 nghìn], [trẻ em|người cao tuổi] được giảm [một nửa|50%]",
        ),
        (
            "neu",
            0,
            "tàu cao tốc đi Côn Đảo [dịp này|mùa lễ] có thêm chuyến [mới|tăng cường], ai tính đi [đặt vé|mua vé] sớm cho chắc",
        ),
        (
            "neu",
            0,
            "[có ai có|ai có] số [điểm|trung tâm] hỗ trợ du khách ở {place} không [ạ|vậy], bạn mình [ở xa|từ Sài Gòn] xuống cần hỏi đường",
        ),
        (
            "pos",
            0,
            "[mới|vừa] [đi|nghỉ] [hai ngày|cuối tuần] ở {place}, phòng [sạch|thơm], hải sản [tươi|ngon] mà tính đúng giá trong menu, lần sau [dẫn cả nhà|rủ thêm bạn] đi tiếp",
        ),
        (
            "pos",
            0,
            "đường đi bộ ven biển gần {beach} [mới làm xong|vừa sửa xong] [đẹp|xịn] [lắm|xỉu], [chiều|tối] ra [ngắm hoàng hôn|đi dạo] [thích|chill] [thật sự|hết nấc]",
        ),
        (
            "pos",
            0,
            "leo {landmark} thấy lối đi [sạch sẽ|gọn gàng], có thêm [ghế nghỉ|chỗ ngồi] và [nước uống|bảng chỉ dẫn], dắt [bố mẹ già|ông bà] đi [cũng thoải mái|vẫn nhẹ nhàng]",
        ),
        (
            "pos",
            0,
            "ăn {tourist_item} ở {market} giá [ghi|niêm yết] [rõ ràng|rõ], cân đủ, [cô|chị] chủ quán [vui vẻ|dễ thương], đi chơi gặp chỗ vậy là [yên tâm|an tâm] [rồi|lắm]",
        ),
        (
            "pos",
            0,
            "mấy anh cứu hộ ở {beach} [thổi còi|nhắc] [liên tục|hoài] lúc sóng to, còn kéo [kịp|được] [một|hai] [bạn nhỏ|em bé] bị sóng cuốn, [quá tuyệt|đáng khen thật]",
        ),
    ],
    "security": [
        (
            "neg",
            0,
            "xe máy nhà mình dựng [trước sân|trong hẻm] [chưa tới 5 phút|có chút xíu] là [mất|bay màu] luôn, camera [quay rõ|thấy rõ] [mặt|biển số] mà trình báo xong [chưa thấy tin gì|vẫn bặt tin]",
        ),
        (
            "neg",
            1,
            "[nhóm|mấy] thanh niên [mang mã tấu|cầm hung khí] [đuổi đánh|chém] nhau giữa đường {street} [tối qua|lúc khuya], người đi đường [bỏ chạy|chạy] [tán loạn|hết]",
        ),
        (
            "neg",
            0,
            "[dạo này|tuần này] có [mấy người lạ|đám người lạ mặt] chạy xe [dòm ngó|rảo] từng nhà ở {ward}, [mấy nhà hàng xóm|nhà kế bên] [bị cạy cửa|bị trộm] [rồi|liền]",
        ),
        (
            "neg",
            0,
            "quán [karaoke|nhậu] đầu hẻm [hát|mở nhạc] tới [1h|2h] sáng, say rồi còn [la hét|gây gổ], gọi công an phường thì tới nơi [lại im|nghỉ], đi về là [hát tiếp|y như cũ]",
        ),
        (
            "neg",
            0,
            "[mẹ|má] mình nhận cuộc gọi [giả công an|tự xưng nhân viên ngân hàng] [dọa|bảo] dính [vụ án|đường dây] rồi bắt [chuyển tiền|cài app], [suýt|xém] mất hết [tiền tiết kiệm|sổ tiết kiệm]",
        ),
        (
            "neg",
            1,
            "[cháy|lửa bùng lên ở] [dãy nhà trọ|mấy kiot] ở {ward} [lúc rạng sáng|hồi nửa đêm], khói [bốc|cao] [ngùn ngụt|mù mịt], mấy người phải [leo mái|trèo tường] [thoát ra|chạy ra]",
        ),
        (
            "neu",
            0,
            "công an {ward} [nhắc|khuyến cáo] bà con đi [vắng|xa] dịp lễ nhớ khóa [cửa|cổng] kỹ và nhờ hàng xóm [để ý|trông giùm] nhà",
        ),
        (
            "neu",
            0,
            "[cho hỏi|ai biết chỉ với] làm mất [ví|bóp] có cả căn cước thì trình báo ở công an phường hay [báo online|làm trên app] cũng được [ạ|vậy]",
        ),
        (
            "neu",
            1,
            "[tối nay|cuối tuần này] [công an|lực lượng chức năng] [diễn tập|tập huấn] chữa cháy ở chung cư trên đường {street_vt}, nghe còi hụ thì đừng hoảng [nha|nhé]",
        ),
        (
            "neu",
            0,
            "mình [nhặt được|lượm được] cái [ví|bóp] gần {market}, trong có [giấy tờ|bằng lái] [tên|đứng tên] một [anh|chị] ở {place}, ai quen nhắn giùm mình [với|nha]",
        ),
        (
            "neu",
            0,
            "[phường|công an phường] [mời|tổ chức] họp về [an ninh trật tự|camera an ninh] khu dân cư lúc [19h|tối] {date}, mỗi hộ [cử|đi] [một người|đại diện]",
        ),
        (
            "pos",
            0,
            "[cảm ơn|cám ơn] [anh em|mấy anh] công an {ward} chỉ [hai ngày|trong 48 giờ] đã tìm lại được chiếc xe bị trộm cho ba mình, [giỏi|nhanh] [thật|quá]",
        ),
        (
            "pos",
            0,
            "từ lúc [xóm|khu phố] lắp camera và có [tổ tuần tra|đội dân phòng] trực mỗi tối, [trộm cắp|mất trộm] [giảm|ít] [hẳn|thấy rõ], ngủ ngon hơn nhiều",
        ),
        (
            "pos",
            0,
            "[chú|anh] công an khu vực dẫn [bà cụ|cụ già] [đi lạc|lạc đường] về tận nhà, [gia đình|con cháu] [cảm động|mừng] [lắm|rơi nước mắt]",
        ),
        (
            "pos",
            1,
            "[lính cứu hỏa|cảnh sát PCCC] tới [rất|cực] nhanh [dập|khống chế] [đám cháy|lửa] ở {market} không để cháy lan sang [nhà dân|dãy sạp khác], [cảm ơn|hết lời cảm ơn] các chiến sĩ",
        ),
        (
            "pos",
            0,
            "[băng|nhóm] [trộm|cướp giật] [quậy|hoành hành] ở {ward} [mấy tháng|cả năm] cuối cùng bị [bắt|tóm gọn] hết rồi, bà con [mừng|vui] như bắt được vàng",
        ),
    ],
    "prices": [
        (
            "neg",
            0,
            "[sáng nay|nay] ra {market} mà ký {item} lên [gần gấp rưỡi|tận gấp đôi] [tuần trước|tháng trước], lương thì [đứng yên|không tăng], sống [sao nổi|kiểu gì đây]",
        ),
        (
            "neg",
            0,
            "[cây xăng|tiệm gas] gần {place} treo bảng [hết hàng|tạm ngưng] mà người quen tới hỏi thì vẫn [bán|đổ], rõ là [găm hàng|ép giá] chờ lên giá",
        ),
        (
            "neg",
            0,
            "mua ký {item} ở {market} về cân lại [thiếu|hụt] [gần 2 lạng|cả 3 lạng], quay lại hỏi thì [chị bán hàng|bà bán] còn [cãi|chửi] ngược",
        ),
        (
            "neg",
            0,
            "tiền [điện|nước] [tháng này|kỳ này] nhà mình [nhảy|vọt] lên [gấp đôi|gần gấp đôi] dù xài [như cũ|y như mọi tháng], hỏi [tổng đài|bên điện lực] thì [trả lời vòng vo|giải thích chung chung]",
        ),
        (
            "neg",
            0,
            "chủ trọ quanh {kcn} [tăng|đòi tăng] thêm [500 nghìn|cả triệu] một tháng [không báo trước|chẳng nói trước], anh em công nhân lương được [bao nhiêu|nhiêu đâu]",
        ),
        (
            "neg",
            0,
            "[quán cơm|mấy quán ăn] quanh bến xe tính [dĩa cơm|tô hủ tiếu] [bình dân|bình thường] tới {price}, không [ghi|có] bảng giá gì [hết|cả]",
        ),
        (
            "neu",
            0,
            "[mọi người|cả nhà] cho hỏi giá [xăng|gas] [kỳ này|tuần này] tăng hay giảm [vậy|ạ], mình [tính|định] [đổ|mua] trước",
        ),
        (
            "neu",
            0,
            "từ [15h|0h] ngày {date}, giá bán lẻ xăng [RON 95|E5] điều chỉnh theo [kỳ điều hành|công bố] của liên bộ",
        ),
        (
            "neu",
            0,
            "[bên quản lý thị trường|Sở Công Thương] có đường dây nóng [về giá cả|để báo hàng giả], [ai|bà con] cần báo thì [gọi|liên hệ] {phone}",
        ),
        (
            "neu",
            0,
            "[điểm bán|siêu thị] bình ổn giá ở {place} mở cửa từ [7h|6h30] tới [21h|22h], có đủ [gạo, thịt, rau|hàng thiết yếu]",
        ),
        (
            "neu",
            0,
            "[ai|có ai] biết chỗ bán [hải sản|cá] [tươi|khô] giá [sỉ|tận gốc] quanh {place} không, nhà mình sắp có [đám|tiệc] cần mua [số lượng|nhiều]",
        ),
        (
            "pos",
            0,
            "[hôm nay|mấy bữa nay] ký {item} ở {market} [hạ|giảm] hẳn rồi, đi chợ [đỡ|nhẹ] [tiền|ví] hơn nhiều, mong giữ được lâu",
        ),
        (
            "pos",
            0,
            "sạp trong {market} giờ đều [niêm yết giá|ghi giá rõ ràng], có [cân đối chứng|cân kiểm tra] ngay cổng chợ, đi chợ [yên tâm|an tâm] hẳn không sợ [ăn gian|thiếu cân]",
        ),
        (
            "pos",
            0,
            "[quản lý thị trường|đội QLTT] [xử lý|phạt] [ngay|liền] cửa hàng bán [khẩu trang|nước đóng chai] [cắt cổ|quá giá] sau khi mình phản ánh [hôm qua|buổi sáng], [quá nhanh|được việc ghê]",
        ),
        (
            "pos",
            0,
            "[phiên chợ|chợ phiên] [nông sản|rau sạch] cuối tuần ở {place} giá [rẻ|gốc] mà [tươi|ngon], mua [ủng hộ|giúp] bà con nông dân [luôn|mà vui]",
        ),
        (
            "pos",
            0,
            "tiền [điện|nước] [tháng này|kỳ này] được [giảm|hỗ trợ] cho mấy hộ [nghèo|khó khăn] trong xóm, [ai|mấy nhà] cũng [vui|mừng]",
        ),
    ],
    "land": [
        (
            "neg",
            0,
            "đất nhà mình ở {ward} dính quy hoạch treo [gần chục năm|15 năm] nay, muốn [sửa nhà|xây lại] cũng không được phép, bán thì [không ai|chẳng ai] dám mua",
        ),
        (
            "neg",
            0,
            "nhà hàng xóm xây lấn qua đất nhà mình [gần nửa mét|mấy tấc], [gửi đơn|báo] [phường|xã] [mấy lần|hoài] mà [chưa thấy ai|không ai] xuống [đo|giải quyết]",
        ),
        (
            "neg",
            0,
            "làm sổ cho [lô đất|mảnh đất] [ông bà|cha mẹ] để lại ở {place}, nộp hồ sơ từ [năm ngoái|gần một năm] vẫn [chưa có|biệt tăm], lên hỏi thì bảo [đang chờ|còn đo đạc]",
        ),
        (
            "neg",
            0,
            "[giá đền bù|tiền đền bù] giải tỏa ở {ward} [thấp|rẻ] hơn [giá ngoài|giá thị trường] [một nửa|cả nửa] mà ép bà con ký gấp, nhà nào chưa ký là [bị dọa|dọa] cưỡng chế",
        ),
        (
            "neg",
            1,
            "[hàng trăm|cả trăm] hộ [bị thu hồi đất|nằm trong diện giải tỏa] ở {place} kéo lên trước [trụ sở|cổng] {body} [phản đối|khiếu nại] [giá đền bù|chỗ tái định cư]",
        ),
        (
            "neg",
            0,
            "[dự án|công trình] [chung cư|khu đô thị] trên đường {street_vt} bỏ hoang [cả chục năm|mấy năm] rồi, cỏ dại [um tùm|cao ngang người], thành chỗ [xả rác|tụ tập ban đêm]",
        ),
        (
            "neu",
            0,
            "[cho mình hỏi|ai rành cho hỏi] xây [nhà cấp 4|chái bếp] trên đất [ở|vườn] ở {place} có cần xin giấy phép xây dựng không [vậy|ạ]",
        ),
        (
            "neu",
            0,
            "bản đồ quy hoạch sử dụng đất [mới|năm nay] của {place} đã [công bố|đăng] trên cổng thông tin, [ai|nhà nào] có đất gần đó nên vào [tra|xem] lại",
        ),
        (
            "neu",
            0,
            "UBND {ward} [mời|tổ chức] [họp|lấy ý kiến] các hộ về [phương án|dự án] mở rộng [đường|hẻm] lúc [8h|sáng] {date}",
        ),
        (
            "neu",
            0,
            "[ai|có ai] [biết|từng làm] thủ tục [cấp đổi|cấp lại] sổ đỏ bị [rách|mất] ở {place} cần [những gì|giấy tờ gì] không ạ",
        ),
        (
            "neu",
            0,
            "giá đất nền khu {place} [năm nay|dạo này] đang [đứng|chững] hay [giảm|xuống] [vậy|ạ], nhà mình [tính|định] [mua|bán] một lô nhỏ để ở",
        ),
        (
            "pos",
            0,
            "sang tên [lô đất|căn nhà] của ba mẹ [làm online|nộp trực tuyến] có [7 ngày|một tuần] là xong, không phải [chạy lên chạy xuống|xin nghỉ làm] lần nào, [mừng|vui] [ghê|lắm]",
        ),
        (
            "pos",
            0,
            "khu tái định cư ở {place} đường [rộng|đẹp], có đủ [điện nước|trường học], bà con dọn về ở [ai cũng|đều] [hài lòng|ưng]",
        ),
        (
            "pos",
            0,
            "vụ [tranh chấp|lấn] ranh đất với hàng xóm [kéo dài|mấy năm] được tổ hòa giải {ward} giải quyết [êm đẹp|ổn thỏa], hai nhà giờ lại [vui vẻ|chào nhau] như xưa",
        ),
        (
            "pos",
            0,
            "[dự án|công trình] [bỏ hoang|đắp chiếu] trên đường {street_vt} cuối cùng [được thu hồi|khởi động lại], nghe nói sẽ làm [công viên|trường học], bà con [mừng|vui] [lắm|hết sức]",
        ),
        (
            "pos",
            0,
            "[hẻm|đường] xóm mình được mở rộng nhờ bà con [tự nguyện|đồng lòng] hiến [đất|mấy mét đất], giờ [ô tô|xe] vào tận [nhà|cửa], [quá tuyệt|quý lắm]",
        ),
    ],
    "other": [
        (
            "neg",
            0,
            "[cúp điện|mất điện] ở {ward} từ [sáng|trưa] tới [tối|giờ] mà không có thông báo [gì|nào], đồ trong tủ [lạnh|đông] [hư|hỏng] [hết|sạch]",
        ),
        (
            "neg",
            0,
            "nước máy ở {ward} chảy [yếu như sợi chỉ|nhỏ giọt] [cả tuần|mấy ngày] rồi, có bữa còn [đục|vàng] [ngầu|khè], nấu ăn [không dám|cũng không dám] xài",
        ),
        (
            "neg",
            0,
            "[mạng|wifi] nhà mình hễ [tối|mưa] là [rớt|chập chờn], báo nhà mạng [hẹn|bảo] kỹ thuật xuống mà [ba ngày|cả tuần] chưa thấy ai tới",
        ),
        (
            "neg",
            0,
            "loa phường đầu hẻm [mở|phát] từ [5h|5h30] sáng [to|lớn] [chói tai|đinh tai], [người già|con nít] [ngủ|nghỉ] không [được|nổi]",
        ),
        (
            "neg",
            0,
            "chó [thả rông|không rọ mõm] [chạy|lang thang] khắp hẻm ở {ward}, [hôm qua|mới rồi] [cắn|táp] [một|hai] [đứa nhỏ|bé] phải đi chích ngừa dại",
        ),
        (
            "neg",
            0,
            "[trụ điện|cột điện] trước hẻm [nghiêng|võng] sát mái nhà, dây [chằng chịt|rối như tơ vò], mưa gió là [tóe lửa|xẹt lửa], [sợ|lo] [lắm|muốn chết]",
        ),
        (
            "neu",
            0,
            "Điện lực {place} [thông báo|báo] [cúp điện|tạm ngừng cấp điện] để [bảo trì|sửa chữa] [lưới điện|đường dây] từ [7h|8h] đến [16h|17h] ngày {date}",
        ),
        (
            "neu",
            0,
            "[có ai|ai] biết [đăng ký|xin] lắp đồng hồ nước cho nhà mới ở {place} thì [liên hệ ở đâu|gọi số nào] không",
        ),
        (
            "neu",
            0,
            "tối [thứ bảy|chủ nhật] [này|tới] ở nhà văn hóa {ward} có [văn nghệ|chiếu phim] miễn phí, [ai rảnh|mọi người rảnh] thì ghé [xem|chơi] [nha|nhé]",
        ),
        (
            "neu",
            0,
            "[phường|tổ dân phố] [kêu gọi|vận động] [ủng hộ|đóng góp] [Quỹ vì người nghèo|quỹ khuyến học], nhà nào [có lòng|muốn góp] gửi [tổ trưởng|trưởng khu phố]",
        ),
        (
            "neu",
            0,
            "[mọi người|cả nhà] ơi [hộp thư|số điện thoại] góp ý của thành phố giờ là [số|cái] nào [vậy|ạ], mình cần báo một chuyện trong xóm",
        ),
        (
            "pos",
            0,
            "[điện lực|bên điện] xuống thay [trụ điện|dây điện] [nghiêng|cũ] ngay trong [ngày|buổi chiều] sau khi mình báo, [làm nhanh|sửa gọn] mà còn dọn [sạch|sạch sẽ], [cảm ơn|tuyệt] [lắm|nhiều]",
        ),
        (
            "pos",
            0,
            "[sân chơi|nhà văn hóa] mới ở {ward} có chỗ cho [tụi nhỏ|con nít] [chơi|đá banh] và [các cụ|người già] tập dưỡng sinh, chiều nào cũng [vui|đông vui] [lắm|ghê]",
        ),
        (
            "pos",
            0,
            "nước sạch cuối cùng cũng [kéo|về] tới [ấp|xóm] mình ở {place} rồi, [hết|khỏi] cảnh [chở|mua] nước [từng can|bình], [cảm ơn|biết ơn] [chính quyền|các ngành] [lắm|nhiều]",
        ),
        (
            "pos",
            0,
            "đèn [năng lượng mặt trời|chiếu sáng] mới [lắp|gắn] khắp hẻm ở {ward}, tối đi làm về [sáng trưng|sáng sủa], [yên tâm|an tâm] hẳn",
        ),
        (
            "pos",
            0,
            "[tổ|nhóm] [thiện nguyện|từ thiện] ở {place} [nấu|phát] [cơm|suất ăn] [0 đồng|miễn phí] cho [bệnh nhân|người lao động] mỗi trưa, [nhìn mà ấm lòng|thấy thương] [ghê|quá]",
        ),
    ],
}

HEADLINES: dict[str, list[Snippet]] = {
    "traffic": [
        (
            "neg",
            0,
            "[Xe container|Xe đầu kéo] [lật|mất lái] trên {road}, [giao thông|đoạn qua {place}] [ùn tứ phía|tê liệt] [nhiều giờ|cả buổi sáng]",
        ),
        (
            "neg",
            0,
            "[Mặt đường|Tuyến đường] {street} [xuống cấp|hư hỏng] [nặng|nghiêm trọng] sau mùa mưa, người dân [bức xúc|than trời]",
        ),
        (
            "neu",
            0,
            "[Phân luồng|Điều chỉnh] giao thông trên {road} từ ngày {date} để [thi công|sửa chữa] [cầu|mặt đường]",
        ),
        (
            "neu",
            0,
            "Tỉnh [lấy ý kiến|công bố] [phương án|quy hoạch] [mở rộng|nâng cấp] {road} [giai đoạn 2|đoạn qua {place}]",
        ),
        (
            "pos",
            0,
            "[Thông xe|Chính thức thông xe] [tuyến tránh|đường ven biển] qua {place}, [rút ngắn|giảm] [thời gian đi lại|đáng kể quãng đường]",
        ),
        (
            "pos",
            0,
            "[Tai nạn giao thông|Số vụ tai nạn] trên {road} giảm [rõ rệt|mạnh] [nhờ|sau khi] [lắp camera|phân làn|có dải phân cách]",
        ),
    ],
    "flooding": [
        (
            "neg",
            0,
            "Mưa [lớn|như trút] [hơn hai giờ|kéo dài], [nhiều tuyến đường|hàng loạt tuyến phố] ở {place} [ngập sâu|chìm trong nước]",
        ),
        ("neg", 1, "[Lốc xoáy|Giông lốc] [quật đổ|làm tốc mái] [hàng chục|nhiều] nhà dân ở {place}"),
        (
            "neu",
            0,
            "[Tỉnh|UBND tỉnh] [triển khai|duyệt] [dự án|phương án] [chống ngập|thoát nước] cho {place} [giai đoạn 2025-2030|trong năm tới]",
        ),
        ("neu", 0, "Kè chắn sóng ở {place} được kiểm tra trước mùa mưa, [ba|bốn] đoạn [cần gia cố|sẽ được sửa]"),
        (
            "pos",
            0,
            "[Hồ điều tiết|Tuyến cống] [mới|vừa hoàn thành] [giúp xóa|góp phần giảm] [điểm ngập|tình trạng ngập] [kéo dài|nhiều năm] trên đường {street_vt}",
        ),
        (
            "pos",
            1,
            "[Lực lượng|Cán bộ, chiến sĩ] {place} [kịp thời|nhanh chóng] [di dời|sơ tán] [hàng trăm|nhiều] hộ dân [an toàn|trước bão]",
        ),
    ],
    "environment": [
        ("neg", 0, "[Phát hiện|Bắt quả tang] [doanh nghiệp|cơ sở] xả nước thải [chưa qua xử lý|trái phép] ra {river}"),
        (
            "neg",
            0,
            "Cá [chết|nuôi chết] [hàng loạt|trắng lồng bè] trên {river}, [người nuôi|bà con] [thiệt hại nặng|trắng tay]",
        ),
        ("neu", 0, "Tỉnh công bố kết quả kiểm tra [nước giếng|nước sinh hoạt] ở các xã ven biển {place}"),
        ("neu", 0, "[Lấy ý kiến|Tham vấn] người dân về [báo cáo đánh giá tác động môi trường|dự án mở rộng] tại {kcn}"),
        ("pos", 0, "{river} [trong xanh trở lại|hồi sinh] sau [chiến dịch|đợt] [nạo vét|làm sạch] [kéo dài|hai tháng]"),
        ("pos", 0, "[Thêm|Hơn] [nghìn|hàng nghìn] cây xanh [được trồng|phủ xanh] dọc đường {street_vt}"),
    ],
    "waste": [
        (
            "neg",
            0,
            "Rác [ùn ứ|tồn đọng] [nhiều ngày|hàng tuần] ở [các khu dân cư|nhiều hẻm] {place}, người dân [bức xúc|than phiền]",
        ),
        (
            "neg",
            0,
            "Xe tải [đổ trộm|đổ trái phép] [chất thải công nghiệp|rác thải] ở {ward} bị [phát hiện|người dân chặn lại]",
        ),
        ("neu", 0, "{place} [thí điểm|tổ chức] thu gom rác cồng kềnh [miễn phí|theo lịch] mỗi tháng một lần từ {date}"),
        (
            "neu",
            0,
            "{landfill}: [tỉnh|UBND tỉnh] [yêu cầu|giao] [chủ đầu tư|đơn vị vận hành] [lập phương án xử lý mùi|báo cáo việc đóng ô chôn lấp]",
        ),
        (
            "pos",
            0,
            "[Mô hình|Phong trào] [đổi rác lấy quà|phân loại rác] ở {ward} [lan rộng|được nhân rộng], lượng rác chôn lấp [giảm|giảm mạnh]",
        ),
        (
            "pos",
            0,
            "[Điểm đen rác thải|Bãi rác tự phát] [tồn tại nhiều năm|lâu năm] ở {place} [được xóa bỏ|biến thành vườn hoa]",
        ),
    ],
    "public_service": [
        ("neg", 0, "Người dân [xếp hàng|chờ đợi] [từ sáng sớm|hàng giờ] để nộp hồ sơ [đất đai|hộ tịch] tại {place}"),
        (
            "neg",
            0,
            "[Hàng trăm|Nhiều] hồ sơ [trễ hẹn|quá hạn] tại {body}, người dân [đi lại nhiều lần|chạy tới chạy lui]",
        ),
        ("neu", 0, "[Tỉnh|UBND tỉnh] [công bố|ban hành] danh mục dịch vụ công trực tuyến toàn trình áp dụng từ {date}"),
        ("neu", 0, "{agency} [thông báo|điều chỉnh] lịch tiếp công dân [trong tháng tới|quý này]"),
        ("pos", 0, "Chỉ số hài lòng với dịch vụ công tại {place} [tăng|cao nhất] [trong nhiều năm|từ trước đến nay]"),
        (
            "pos",
            0,
            "[Tổ công tác|Cán bộ] [phường|xã] [mang thủ tục|đưa dịch vụ] đến tận nhà [người già|người khuyết tật] ở {ward}",
        ),
    ],
    "health": [
        ("neg", 1, "Ca mắc sốt xuất huyết ở {place} [tăng vọt|tăng gấp đôi] so với cùng kỳ năm trước"),
        (
            "neg",
            1,
            "Phát hiện ổ dịch [sởi|tay chân miệng] ở {ward}, ngành y tế [khoanh vùng|cách ly] [hàng chục|nhiều] trẻ",
        ),
        ("neu", 0, "{hospital} [triển khai|bắt đầu] khám bệnh bằng căn cước gắn chip từ {date}"),
        (
            "neu",
            0,
            "Ngành y tế tổ chức tiêm [bù mũi|bổ sung] cho trẻ [chưa tiêm đủ|bị lỡ lịch] ở {place} từ ngày {date}",
        ),
        (
            "pos",
            0,
            "[Bác sĩ|Ê kíp] {hospital} [cứu sống|giành lại sự sống cho] [bệnh nhân|sản phụ] [nguy kịch|ngừng tim]",
        ),
        (
            "pos",
            0,
            "[Đoàn|Các] [y bác sĩ|bác sĩ trẻ] khám, phát thuốc miễn phí cho [hàng trăm|gần 500] người dân ở {place}",
        ),
    ],
    "education": [
        ("neg", 0, "Phụ huynh [bức xúc|phản ứng] vì [các khoản thu đầu năm|khoản thu ngoài quy định] tại {school}"),
        (
            "neg",
            0,
            "[Nhiều|Hàng loạt] phòng học [xuống cấp|dột nát] ở {place}, [học sinh|thầy trò] học trong [lo sợ|bất an]",
        ),
        (
            "neu",
            0,
            "Sở Giáo dục và Đào tạo [công bố|thông báo] [lịch|phương án] tuyển sinh [lớp 10|đầu cấp] năm học mới",
        ),
        ("neu", 0, "{school} [tổ chức|mở] [ngày hội tư vấn|buổi hướng nghiệp] cho học sinh lớp 12 vào ngày {date}"),
        (
            "pos",
            0,
            "[Học sinh|Đội tuyển] {school} [giành|đoạt] [huy chương|giải nhất] [khoa học kỹ thuật|học sinh giỏi] quốc gia",
        ),
        (
            "pos",
            0,
            "[Khánh thành|Đưa vào sử dụng] [trường|điểm trường] [mới|khang trang] ở {place}, [hơn 500|gần 700] học sinh [vui mừng|hân hoan]",
        ),
    ],
    "tourism": [
        ("neg", 0, "Du khách [tố|phản ánh] bị [chặt chém|chém giá] khi [ăn|mua] {tourist_item} ở {beach}"),
        (
            "neg",
            0,
            "[Nhiều|Hàng loạt] [homestay|cơ sở lưu trú] ở {place} [hoạt động không phép|kinh doanh chui], du khách [gặp rủi ro|bị lừa]",
        ),
        ("neu", 0, "{place} công bố đường dây nóng tiếp nhận phản ánh của du khách [dịp hè|mùa du lịch]"),
        ("neu", 0, "Sở Du lịch [ra mắt|công bố] [bản đồ|ứng dụng] du lịch số cho du khách đến Bà Rịa - Vũng Tàu"),
        (
            "pos",
            0,
            "{beach} [lọt top|vào danh sách] [điểm đến|bãi biển] [được yêu thích nhất|hấp dẫn nhất] [năm nay|mùa hè này]",
        ),
        (
            "pos",
            0,
            "[Cứu hộ|Lực lượng cứu hộ] {beach} [kịp thời|nhanh chóng] cứu [hai|ba] [du khách|học sinh] bị sóng cuốn",
        ),
    ],
    "security": [
        (
            "neg",
            1,
            "[Truy bắt|Truy tìm] kẻ cầm dao [cướp tiệm vàng|đâm người] trên đường {street}, nạn nhân [nguy kịch|bị thương nặng]",
        ),
        (
            "neg",
            1,
            "[Cháy lớn|Hỏa hoạn] tại [xưởng gỗ|kho hàng] trong {kcn}, [khói đen|cột khói] bốc cao hàng chục mét",
        ),
        (
            "neu",
            0,
            "Công an tỉnh [cảnh báo|khuyến cáo] [thủ đoạn|chiêu] [lừa đảo|mạo danh] qua [điện thoại|mạng xã hội] [mới|đang nở rộ]",
        ),
        (
            "neu",
            0,
            "Công an {place} [tăng cường|tổ chức] tuần tra ban đêm trên các tuyến ven biển [dịp hè|mùa du lịch]",
        ),
        ("pos", 0, "[Bắt|Triệt phá] [băng|nhóm] [trộm cắp|cướp giật] gây ra [hàng chục|hơn 20] vụ ở {place}"),
        (
            "pos",
            0,
            "[Biểu dương|Khen thưởng] [người dân|thanh niên] [dũng cảm|quả cảm] khống chế [kẻ cướp giật|đối tượng trộm] ở {market}",
        ),
    ],
    "prices": [
        (
            "neg",
            0,
            "Giá {item} ở [các chợ|chợ] {place} [tăng mạnh|leo thang], [bà nội trợ|người tiêu dùng] [lo lắng|chật vật]",
        ),
        (
            "neg",
            0,
            "[Thu giữ|Phát hiện] [hàng tấn|hàng nghìn sản phẩm] hàng [giả|không rõ nguồn gốc] tại kho gần {market}",
        ),
        ("neu", 0, "Giá [xăng dầu|xăng E5 RON 92] điều chỉnh từ 15 giờ ngày {date}"),
        (
            "neu",
            0,
            "[Sở Công Thương|Tỉnh] [triển khai|công bố] [chương trình bình ổn giá|kế hoạch dự trữ hàng] dịp [Tết|cuối năm] tại {place}",
        ),
        ("pos", 0, "Giá {item} [hạ nhiệt|giảm mạnh] ở {market}, [người dân|bà con] [phấn khởi|dễ thở hơn]"),
        ("pos", 0, "{market} [đạt chuẩn|được công nhận] [chợ văn minh|chợ an toàn thực phẩm], cân đủ, bán đúng giá"),
    ],
    "land": [
        (
            "neg",
            0,
            "[Hàng chục|Nhiều] hộ dân {place} [mòn mỏi|khốn khổ] vì [quy hoạch treo|dự án treo] [hơn 10 năm|gần mười năm]",
        ),
        (
            "neg",
            0,
            "[Phát hiện|Xử lý] [nhiều|hàng loạt] [công trình|căn nhà] xây [trái phép|không phép] trên đất nông nghiệp {place}",
        ),
        (
            "neu",
            0,
            "[UBND tỉnh|Tỉnh] [công bố|phê duyệt] [bảng giá đất|hệ số điều chỉnh giá đất] mới áp dụng từ {date}",
        ),
        ("neu", 0, "{place} công khai danh sách [dự án chậm triển khai|dự án treo] [bị đề xuất thu hồi|sẽ bị rà soát]"),
        ("pos", 0, "[Hơn 1.000|Gần 500] hộ dân ở {place} được cấp sổ hồng sau nhiều năm [chờ đợi|vướng mắc]"),
        (
            "pos",
            0,
            "Người dân {ward} [hiến đất|tự nguyện hiến hàng nghìn mét vuông đất] [mở rộng|làm] đường giao thông nông thôn",
        ),
    ],
    "other": [
        (
            "neg",
            0,
            "[Hàng nghìn|Nhiều] hộ dân {place} [mất nước|thiếu nước sạch] [nhiều ngày|kéo dài], sinh hoạt [đảo lộn|khó khăn]",
        ),
        (
            "neg",
            0,
            "[Sự cố|Hư hỏng] [lưới điện|trạm biến áp] khiến [nhiều khu phố|hàng loạt khu dân cư] {place} mất điện [cả đêm|trong đêm]",
        ),
        (
            "neu",
            0,
            "{place} [lấy ý kiến|khảo sát] người dân về [phương án sắp xếp|đề án đổi tên] khu phố [trong tháng này|cuối năm nay]",
        ),
        (
            "neu",
            0,
            "[Điện lực|Công ty điện lực] [công bố|thông báo] lịch ngừng cấp điện [bảo trì|định kỳ] ở {place} [tuần tới|trong tuần]",
        ),
        ("pos", 0, "[Hơn 300|Gần 500] hộ dân ở {place} có nước sạch [lần đầu tiên|sau nhiều năm chờ đợi]"),
        (
            "pos",
            0,
            "[Nhà văn hóa|Sân chơi thiếu nhi] mới ở {ward} [khánh thành|đưa vào sử dụng], bà con [phấn khởi|vui mừng]",
        ),
    ],
}
