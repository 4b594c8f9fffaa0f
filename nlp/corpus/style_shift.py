"""The style-shift test set: texts written apart from the seed corpus, in other styles.

The seed corpus (``train/dev/test.csv``) is composed from templates, so its test split shares
their phrasing and overstates quality on real posts. These texts were written separately by
the project, by hand, in styles the templates never produce: long reviews with star ratings,
replies inside comment threads (``@name``), news headlines, long first-person posts, text typed
without diacritics, teencode with emoji. No text reuses a template of the corpus. They are
labelled with the corpus's guide (``DATASHEET.md``) and used only for evaluation — never for
training — and reported beside the in-corpus test on every model card.

``python -m nlp.corpus.style_shift`` rewrites ``style_shift.csv`` from :data:`TEXTS`.
Licence: the project's own (Apache-2.0), like the rest of the corpus.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

CSV = Path(__file__).with_name("style_shift.csv")
COLUMNS = ("id", "text", "sentiment", "topic", "sensitivity", "style")

# (text, sentiment, topic, sensitivity, style)
TEXTS: list[tuple[str, str, str, str, str]] = [
    # ------------------------------------------------------------------ traffic
    (
        "⭐️⭐️ Đi xe buýt tuyến 11 từ Bà Rịa ra Vũng Tàu: xe cũ, máy lạnh chảy nước, tài xế vừa chạy vừa nghe điện thoại, "
        "có đoạn còn vượt ẩu. Hai sao là vì vé rẻ thôi chứ chắc không đi nữa.",
        "negative",
        "traffic",
        "normal",
        "review",
    ),
    (
        "@Minh Tuấn bạn nói đúng, đoạn vòng xoay Lam Sơn giờ tan tầm đứng im 20 phút là chuyện thường, "
        "cảnh sát giao thông có mặt thì đỡ hơn chút thôi.",
        "negative",
        "traffic",
        "normal",
        "thread",
    ),
    (
        "Cao tốc Biên Hòa – Vũng Tàu: thông xe kỹ thuật đoạn qua Phú Mỹ từ ngày 20/12",
        "neutral",
        "traffic",
        "normal",
        "headline",
    ),
    (
        "Cho mình hỏi từ mai đường 3/2 đoạn gần Bến Đình có phân luồng không, mình chở con đi học sớm nên cần biết trước ạ",
        "neutral",
        "traffic",
        "normal",
        "long_post",
    ),
    (
        "nay di qua nga tu gieng nuoc thay den tin hieu moi lap, xe cho chay tu tu, trat tu hon han, cam on thanh pho",
        "positive",
        "traffic",
        "normal",
        "no_diacritics",
    ),
    (
        "Tuần rồi mình đi làm bằng xe máy qua cầu Cửa Lấp mỗi ngày. Phải khen là từ khi có làn riêng cho xe máy thì đỡ sợ "
        "xe container hẳn, mặt đường cũng được vá lại phẳng phiu. Mong giữ được như vậy.",
        "positive",
        "traffic",
        "normal",
        "long_post",
    ),
    (
        "Va chạm liên hoàn 5 ô tô trên Quốc lộ 51, hai người bị thương nặng đưa đi cấp cứu",
        "negative",
        "traffic",
        "normal",
        "headline",
    ),
    (
        "xe tai chay nguoc chieu tren duong ven bien doan Long Hai, thay ma run, ai co camera hanh trinh gui cong an voi",
        "negative",
        "traffic",
        "normal",
        "no_diacritics",
    ),
    ("đg Võ Thị Sáu nay thông thoáng ghê, hết cảnh xe đậu 2 bên r 👍👍", "positive", "traffic", "normal", "teencode"),
    # ------------------------------------------------------------------ flooding
    (
        "Nhà em ở hẻm 96 Lưu Chí Hiếu, mưa chưa tới nửa tiếng nước đã vô tới giường. Năm nào cũng hứa nạo vét cống mà năm "
        "nào cũng vậy, đồ đạc hư hết, con nhỏ thì bệnh. Ai có trách nhiệm làm ơn xuống coi giùm.",
        "negative",
        "flooding",
        "normal",
        "long_post",
    ),
    (
        "@Hải Yến ở Phước Tỉnh giờ có kè rồi, triều cường tháng rồi không tràn vô nữa đâu chị, yên tâm nha",
        "positive",
        "flooding",
        "normal",
        "thread",
    ),
    (
        "Dự báo triều cường đạt đỉnh 4,2 m vào chiều 15/11, người dân ven sông Dinh chủ động kê cao tài sản",
        "neutral",
        "flooding",
        "normal",
        "headline",
    ),
    (
        "Sạt lở bờ biển Phước Hải, 12 hộ dân phải di dời khẩn cấp trong đêm",
        "negative",
        "flooding",
        "sensitive",
        "headline",
    ),
    (
        "mua to qua, duong Nguyen An Ninh ngap toi yen xe, xe chet may nam day, bao gio moi het canh nay",
        "negative",
        "flooding",
        "normal",
        "no_diacritics",
    ),
    (
        "Cảm ơn các chiến sĩ biên phòng Bến Lội đã lội nước cả đêm đưa các cụ già và trẻ nhỏ ra khỏi vùng ngập lũ quét. "
        "Gia đình tôi an toàn rồi, xin ghi nhận công lao các anh.",
        "positive",
        "flooding",
        "sensitive",
        "long_post",
    ),
    (
        "lốc xoáy tốc mái cả chục nhà ở Hòa Hiệp Trung nè mn ơi 😭😭 ai ở gần ra phụ một tay với",
        "negative",
        "flooding",
        "sensitive",
        "teencode",
    ),
    (
        "Hỏi: bơm thoát nước ở khu Bàu Sen có chạy vào ban đêm không, hay chỉ vận hành khi có cảnh báo mưa lớn?",
        "neutral",
        "flooding",
        "normal",
        "thread",
    ),
    # ------------------------------------------------------------------ environment
    (
        "Chiều nào cũng có mùi khét từ phía khu công nghiệp Mỹ Xuân bay qua, đóng cửa kín mà vẫn ngửi thấy, trẻ con "
        "trong xóm ho suốt. Đã gọi đường dây nóng hai lần, người ta ghi nhận rồi thôi.",
        "negative",
        "environment",
        "normal",
        "long_post",
    ),
    (
        "Chỉ số AQI tại trạm quan trắc Vũng Tàu sáng nay ở mức 58, chất lượng không khí trung bình",
        "neutral",
        "environment",
        "normal",
        "headline",
    ),
    (
        "@Quốc Bảo nước sông Thị Vải khúc gần cảng giờ trong hơn hồi trước nhiều, cá về lại rồi, công nhận xử lý nghiêm "
        "có khác",
        "positive",
        "environment",
        "normal",
        "thread",
    ),
    (
        "nuoc thai tu co so che bien hai san o Ben Da chay thang ra bien, boc mui tanh ca mot khu",
        "negative",
        "environment",
        "normal",
        "no_diacritics",
    ),
    (
        "Tàu chở dầu gặp sự cố tràn dầu gần cửa sông Dinh, lực lượng chức năng đang khoanh vùng",
        "negative",
        "environment",
        "sensitive",
        "headline",
    ),
    (
        "hôm nay trồng cây ở bãi Sau với đoàn thanh niên phường, vui xỉu 🌱🌱 ai rảnh cuối tuần sau tham gia nha",
        "positive",
        "environment",
        "normal",
        "teencode",
    ),
    (
        "Sở Tài nguyên và Môi trường công bố kế hoạch lắp thêm 6 trạm quan trắc không khí tự động trong năm tới",
        "neutral",
        "environment",
        "normal",
        "headline",
    ),
    (
        "⭐️⭐️⭐️⭐️ Khu sinh thái rừng ngập mặn Gò Găng: không khí trong lành, nước sạch, chỉ tiếc là đường vào hơi "
        "khó đi. Đáng để ghé.",
        "positive",
        "environment",
        "normal",
        "review",
    ),
    # ------------------------------------------------------------------ waste
    (
        "Rác ở chân cầu Cỏ May chất thành đống cả tuần không ai dọn, ruồi bu đầy, mùi hôi tới tận chợ. Xin hỏi đội thu "
        "gom của phường đi đâu rồi?",
        "negative",
        "waste",
        "normal",
        "long_post",
    ),
    (
        "@Thanh Hằng xe rác giờ tới đúng 6h sáng mỗi ngày luôn á chị, sạch sẽ hơn hẳn hồi trước",
        "positive",
        "waste",
        "normal",
        "thread",
    ),
    (
        "Từ 1/1, thành phố Vũng Tàu thu gom rác phân loại tại nguồn ở 5 phường thí điểm",
        "neutral",
        "waste",
        "normal",
        "headline",
    ),
    (
        "bai rac Toc Tien boc mui nua roi, dem nao cung ngui thay, dan Chau Pha chiu het noi",
        "negative",
        "waste",
        "normal",
        "no_diacritics",
    ),
    (
        "Cho hỏi muốn bỏ tủ lạnh cũ và nệm thì gọi số nào để xe thu gom đồ cồng kềnh tới lấy ạ?",
        "neutral",
        "waste",
        "normal",
        "thread",
    ),
    (
        "Khen đội vệ sinh môi trường bãi Dâu nha 👏 sáng sớm đã nhặt sạch rác sau lễ hội, bãi biển sạch bong",
        "positive",
        "waste",
        "normal",
        "teencode",
    ),
    ("ai đổ xà bần ra lề đường Mạc Thanh Đạm vậy trời 😤 chắn cả nửa đường", "negative", "waste", "normal", "teencode"),
    ("Bãi biển Long Hải sau kỳ nghỉ lễ: rác nhựa trải dài hàng trăm mét", "negative", "waste", "normal", "headline"),
    (
        "Tổ dân phố tôi tự làm điểm đổi pin cũ lấy cây xanh, ai có pin hỏng mang tới nhà văn hóa khu phố 3 nhé.",
        "neutral",
        "waste",
        "normal",
        "long_post",
    ),
    # ------------------------------------------------------------------ public service
    (
        "⭐️ Làm thủ tục cấp đổi giấy phép lái xe ở bộ phận một cửa: chờ 3 tiếng, nhân viên nói chuyện cộc lốc, cuối "
        "cùng bảo thiếu giấy tờ mà lúc đầu không ai hướng dẫn. Một sao cũng là nhiều.",
        "negative",
        "public_service",
        "normal",
        "review",
    ),
    (
        "⭐️⭐️⭐️⭐️⭐️ Nộp hồ sơ đăng ký kinh doanh trực tuyến, 2 ngày đã có kết quả, cán bộ còn gọi điện nhắc bổ sung "
        "rất lịch sự. Quá ổn!",
        "positive",
        "public_service",
        "normal",
        "review",
    ),
    (
        "@Phương Thảo bạn vô cổng dịch vụ công quốc gia, chọn tỉnh rồi tra theo mã hồ sơ là thấy trạng thái nha",
        "neutral",
        "public_service",
        "normal",
        "thread",
    ),
    (
        "Trung tâm Phục vụ hành chính công tỉnh làm việc sáng thứ Bảy từ tháng 12",
        "neutral",
        "public_service",
        "normal",
        "headline",
    ),
    (
        "ho so cua toi tre hen 2 tuan roi ma khong ai bao gi, len hoi thi moi nguoi day mot noi",
        "negative",
        "public_service",
        "normal",
        "no_diacritics",
    ),
    (
        "cán bộ phường 9 dễ thương dã man 🥰 chỉ từng bước làm giấy khai sinh cho bé luôn",
        "positive",
        "public_service",
        "normal",
        "teencode",
    ),
    (
        "Tôi đã gửi đơn lên ủy ban ba lần, lần nào cũng hẹn tuần sau. Giờ tôi chỉ muốn biết đơn của mình đang nằm ở "
        "bàn ai, có ai đọc chưa.",
        "negative",
        "public_service",
        "normal",
        "long_post",
    ),
    (
        "Cho em hỏi làm căn cước cho con dưới 14 tuổi thì cần mang theo giấy tờ gì ạ, em cảm ơn.",
        "neutral",
        "public_service",
        "normal",
        "thread",
    ),
    # ------------------------------------------------------------------ health
    (
        "⭐️⭐️⭐️⭐️⭐️ Khoa sản Bệnh viện Bà Rịa: bác sĩ tận tâm, điều dưỡng nhẹ nhàng, phòng sạch. Sinh bé thứ hai ở "
        "đây, rất yên tâm.",
        "positive",
        "health",
        "normal",
        "review",
    ),
    (
        "⭐️⭐️ Phòng khám tư trên đường Trương Công Định: chờ lâu, bác sĩ khám qua loa, kê cả đống thuốc không cần "
        "thiết. Không quay lại.",
        "negative",
        "health",
        "normal",
        "review",
    ),
    (
        "Hơn 40 công nhân nhập viện nghi ngộ độc thực phẩm sau bữa trưa tại khu công nghiệp Phú Mỹ 2",
        "negative",
        "health",
        "sensitive",
        "headline",
    ),
    (
        "@Ngọc Ánh trạm y tế phường mình tiêm vắc xin sởi cho bé miễn phí vào thứ Tư, nhớ mang sổ tiêm nha chị",
        "neutral",
        "health",
        "normal",
        "thread",
    ),
    (
        "xom toi co 3 dua nho bi sot xuat huyet roi, phun thuoc diet muoi di, dung de lan them",
        "negative",
        "health",
        "sensitive",
        "no_diacritics",
    ),
    (
        "cảm ơn ekip cấp cứu 115 tới nhanh ghê, ông nội mình qua cơn nguy kịch rồi 🙏🙏",
        "positive",
        "health",
        "normal",
        "teencode",
    ),
    (
        "Sở Y tế khuyến cáo người dân đeo khẩu trang nơi đông người trong mùa cúm",
        "neutral",
        "health",
        "normal",
        "headline",
    ),
    (
        "Mẹ tôi nằm viện ba ngày, đêm nào cũng phải nằm chung giường với người khác, nhà vệ sinh thì hỏng vòi. Biết là "
        "quá tải nhưng ít nhất sửa cái vòi nước cũng đâu khó.",
        "negative",
        "health",
        "normal",
        "long_post",
    ),
    # ------------------------------------------------------------------ education
    (
        "Trường tiểu học gần nhà thu thêm đủ thứ quỹ: quỹ lớp, quỹ máy lạnh, quỹ rèm cửa… đầu năm chưa học đã mất gần "
        "hai triệu. Phụ huynh ai cũng ngán nhưng không dám nói.",
        "negative",
        "education",
        "normal",
        "long_post",
    ),
    (
        "@Thu Trang trường THCS Nguyễn An Ninh công bố danh sách lớp 6 trên website rồi đó chị, xem mục thông báo",
        "neutral",
        "education",
        "normal",
        "thread",
    ),
    (
        "Học sinh Vũng Tàu đoạt 3 huy chương vàng kỳ thi Olympic tin học châu Á",
        "positive",
        "education",
        "normal",
        "headline",
    ),
    (
        "co giao chu nhiem lop con minh day qua tan tam, chieu nao cung o lai kem cac ban hoc yeu, biet on co lam",
        "positive",
        "education",
        "normal",
        "no_diacritics",
    ),
    (
        "tuyển sinh lớp 10 năm nay khi nào có điểm chuẩn vậy mn, hóng quá 😵",
        "neutral",
        "education",
        "normal",
        "teencode",
    ),
    (
        "Phòng học trường mẫu giáo ở xã Bưng Riềng dột khắp nơi, mưa là cô trò phải dồn vào một góc",
        "negative",
        "education",
        "normal",
        "headline",
    ),
    (
        "Sở Giáo dục và Đào tạo ban hành khung kế hoạch năm học mới, khai giảng ngày 5/9",
        "neutral",
        "education",
        "normal",
        "headline",
    ),
    (
        "⭐️⭐️⭐️⭐️ Trung tâm ngoại ngữ ở Bà Rịa: giáo viên nhiệt tình, lớp ít học viên, học phí hợp lý. Trừ một sao vì "
        "bãi giữ xe chật.",
        "positive",
        "education",
        "normal",
        "review",
    ),
    # ------------------------------------------------------------------ tourism
    (
        "⭐️ Homestay gần bãi Sau: hình trên mạng một đằng, tới nơi một nẻo, phòng ẩm mốc, chủ nhà thu thêm phí dọn "
        "phòng không báo trước. Cảnh báo mọi người.",
        "negative",
        "tourism",
        "normal",
        "review",
    ),
    (
        "⭐️⭐️⭐️⭐️⭐️ Côn Đảo tuyệt đẹp, người dân thân thiện, hướng dẫn viên ở khu di tích kể chuyện rất xúc động. "
        "Nhất định sẽ quay lại.",
        "positive",
        "tourism",
        "normal",
        "review",
    ),
    (
        "Vũng Tàu đón hơn 400.000 lượt khách dịp nghỉ lễ 2/9, công suất phòng đạt 90%",
        "positive",
        "tourism",
        "normal",
        "headline",
    ),
    (
        "@Hoàng Long cáp treo Hồ Mây mở cửa từ 7h30 tới 17h30 nha bạn, cuối tuần nên đi sớm",
        "neutral",
        "tourism",
        "normal",
        "thread",
    ),
    (
        "quan hai san o bai Truoc chat chem qua, 4 nguoi an het 6 trieu ma toan do khong tuoi",
        "negative",
        "tourism",
        "normal",
        "no_diacritics",
    ),
    (
        "check in hải đăng Vũng Tàu lúc bình minh đỉnh chóp luôn 🌅😍 mn nên thử",
        "positive",
        "tourism",
        "normal",
        "teencode",
    ),
    (
        "Cho hỏi cuối tuần này đi tàu cao tốc ra Côn Đảo cần đặt vé trước mấy ngày, có bán vé tại bến không ạ?",
        "neutral",
        "tourism",
        "normal",
        "thread",
    ),
    (
        "Bãi tắm Thùy Vân tắm quá giờ cho phép, hai du khách bị sóng cuốn mất tích",
        "negative",
        "tourism",
        "sensitive",
        "headline",
    ),
    # ------------------------------------------------------------------ security
    (
        "Hai nhóm thanh niên hỗn chiến bằng mã tấu trên đường Phan Chu Trinh, một người bị chém trọng thương",
        "negative",
        "security",
        "sensitive",
        "headline",
    ),
    (
        "@Kim Oanh xóm mình giờ có camera với tổ tự quản đi tuần rồi, cả tháng nay không mất cái xe nào luôn",
        "positive",
        "security",
        "normal",
        "thread",
    ),
    (
        "Tối qua nhà hàng xóm bị trộm cạy cửa lấy mất xe máy, camera quay được mặt nhưng báo công an cả tuần chưa thấy "
        "gì. Mọi người trong khu nhớ khóa cửa kỹ nha.",
        "negative",
        "security",
        "normal",
        "long_post",
    ),
    (
        "cam on cac anh canh sat khu vuc phuong 10 da bat duoc ke giat dien thoai trong vong mot ngay",
        "positive",
        "security",
        "normal",
        "no_diacritics",
    ),
    (
        "nay ngoài chợ Xóm Lưới có ông kia cầm dao rượt người ta chạy tán loạn 😨😨 sợ muốn xỉu",
        "negative",
        "security",
        "sensitive",
        "teencode",
    ),
    (
        "Công an tỉnh triển khai cao điểm tấn công trấn áp tội phạm dịp cuối năm",
        "neutral",
        "security",
        "normal",
        "headline",
    ),
    (
        "Cho hỏi muốn đăng ký tạm trú cho người thuê trọ thì làm trên ứng dụng nào vậy mọi người?",
        "neutral",
        "security",
        "normal",
        "thread",
    ),
    (
        "Cướp tiệm vàng ở Ngãi Giao, nghi phạm dùng súng khống chế chủ tiệm",
        "negative",
        "security",
        "sensitive",
        "headline",
    ),
    # ------------------------------------------------------------------ prices
    (
        "Giá xăng tăng lần thứ ba trong tháng, giá rau ở chợ Bà Rịa cũng tăng theo, lương thì vẫn vậy. Nhà nào đông "
        "con chắc phải thắt lưng buộc bụng dữ lắm.",
        "negative",
        "prices",
        "normal",
        "long_post",
    ),
    (
        "@Bảo Ngọc chợ Vũng Tàu giờ niêm yết giá rõ ràng rồi, mình mua hải sản không còn bị nói thách nữa",
        "positive",
        "prices",
        "normal",
        "thread",
    ),
    (
        "Giá thịt heo hơi tại Bà Rịa - Vũng Tàu giảm nhẹ, dao động 58.000 - 61.000 đồng/kg",
        "neutral",
        "prices",
        "normal",
        "headline",
    ),
    (
        "tiem thuoc gan nha ban khau trang gia gap ba, dich benh ma lam an vay het noi",
        "negative",
        "prices",
        "normal",
        "no_diacritics",
    ),
    ("siêu thị gần nhà đang sale rau củ 30% nè mn ơi 🛒 tranh thủ nha", "positive", "prices", "normal", "teencode"),
    (
        "Quản lý thị trường kiểm tra đột xuất các cửa hàng bán gas trên địa bàn Phú Mỹ",
        "neutral",
        "prices",
        "normal",
        "headline",
    ),
    (
        "⭐️⭐️ Cửa hàng tiện lợi trên đường Lê Lợi: giá cao hơn chỗ khác gần gấp rưỡi, hàng sắp hết hạn mà không giảm "
        "giá.",
        "negative",
        "prices",
        "normal",
        "review",
    ),
    (
        "Hỏi: giá nước sinh hoạt bậc thang năm nay tính thế nào, hóa đơn nhà tôi tháng này cao bất thường.",
        "neutral",
        "prices",
        "normal",
        "thread",
    ),
    # ------------------------------------------------------------------ land
    (
        "Hàng trăm người dân Long Sơn tập trung trước trụ sở xã phản đối phương án bồi thường",
        "negative",
        "land",
        "sensitive",
        "headline",
    ),
    (
        "Nhà tôi xin giấy phép sửa mái đã hai tháng, trong khi căn bên cạnh xây hẳn ba tầng lấn cả hẻm mà không ai "
        "nhắc. Quản lý trật tự xây dựng kiểu gì vậy?",
        "negative",
        "land",
        "normal",
        "long_post",
    ),
    (
        "@Văn Hùng sổ đỏ nhà mình làm ở văn phòng đăng ký đất đai Bà Rịa có 10 ngày là xong, nhanh hơn mình nghĩ",
        "positive",
        "land",
        "normal",
        "thread",
    ),
    (
        "UBND tỉnh công bố quy hoạch sử dụng đất đến năm 2030, lấy ý kiến người dân trong 30 ngày",
        "neutral",
        "land",
        "normal",
        "headline",
    ),
    (
        "dat nong nghiep bi phan lo ban nen trai phep o Xuyen Moc, chinh quyen biet ma lam ngo",
        "negative",
        "land",
        "normal",
        "no_diacritics",
    ),
    (
        "cho hỏi tách thửa đất ở Châu Đức tối thiểu bao nhiêu mét vuông vậy ạ 🙏",
        "neutral",
        "land",
        "normal",
        "teencode",
    ),
    (
        "Cảm ơn ban quản lý dự án đã trả tiền đền bù đúng hẹn, gia đình tôi đã mua được đất tái định cư ổn định.",
        "positive",
        "land",
        "normal",
        "long_post",
    ),
    (
        "Cưỡng chế công trình xây dựng trái phép trên đất rừng phòng hộ ở Long Điền",
        "neutral",
        "land",
        "normal",
        "headline",
    ),
    # ------------------------------------------------------------------ other
    (
        "Lễ hội Nghinh Ông Thắng Tam năm nay tổ chức quy mô, an ninh trật tự tốt, người dân và du khách đều vui. "
        "Cảm ơn ban tổ chức.",
        "positive",
        "other",
        "normal",
        "long_post",
    ),
    (
        "@Tuyết Mai lịch cúp điện khu phố 4 có trên trang của điện lực đó chị, chủ nhật này cúp từ 7h tới 15h",
        "neutral",
        "other",
        "normal",
        "thread",
    ),
    ("Hội chợ hàng Việt tại quảng trường Bà Rịa kéo dài tới hết ngày 10/1", "neutral", "other", "normal", "headline"),
    (
        "wifi cong cong o cong vien Bai Truoc cham rua, ket noi mai khong duoc",
        "negative",
        "other",
        "normal",
        "no_diacritics",
    ),
    ("đêm nhạc ở bãi Sau hôm qua cháy quá trời 🎶🔥 cảm ơn thành đoàn nha", "positive", "other", "normal", "teencode"),
    (
        "⭐️⭐️⭐️ Thư viện tỉnh: sách nhiều, chỗ ngồi thoáng nhưng giờ mở cửa ít, cuối tuần đóng sớm.",
        "neutral",
        "other",
        "normal",
        "review",
    ),
    (
        "Cháy lớn tại xưởng gỗ ở Tân Thành, khói đen bao trùm cả khu dân cư",
        "negative",
        "other",
        "sensitive",
        "headline",
    ),
    (
        "Tổng đài 1022 của tỉnh tiếp nhận phản ánh 24/7 qua điện thoại, Zalo và ứng dụng",
        "neutral",
        "other",
        "normal",
        "headline",
    ),
]


def frame() -> pd.DataFrame:
    """The set as a frame with :data:`COLUMNS` (ids ``shift-001`` …)."""
    rows = [
        {"id": f"shift-{i:03d}", "text": text, "sentiment": s, "topic": t, "sensitivity": v, "style": style}
        for i, (text, s, t, v, style) in enumerate(TEXTS, start=1)
    ]
    return pd.DataFrame(rows, columns=list(COLUMNS))


def main() -> None:
    frame().to_csv(CSV, index=False)
    print(f"{CSV}: {len(TEXTS)} texts")


if __name__ == "__main__":
    main()
