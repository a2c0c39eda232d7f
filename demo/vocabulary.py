"""Words the demo data is built from: research domains of the province, titles, names and the texts people write.

Demo material in Vietnamese (stored data, not interface strings, so not translated). Field codes follow the
national classification of S&T fields (QĐ 12/2008/QĐ-BKHCN) as we read it **[inferred]**.
"""

from dataclasses import dataclass

from tasks_registry.models import ResultType


@dataclass(frozen=True)
class Domain:
    code: str
    field_code: str
    task_topics: tuple
    results: dict  # ResultType → tuple of title templates ({code} is a variety code)
    receivers: tuple  # receiving units that usually take such results
    early_only: bool = False  # results are studies: they stop at registration / ownership, never transferred


DOMAINS = {
    d.code: d
    for d in [
        Domain(
            "lua",
            "401",
            (
                "Nghiên cứu chọn tạo giống lúa chịu mặn, chống chịu hạn thích ứng biến đổi khí hậu",
                "Ứng dụng quy trình canh tác lúa giảm phát thải khí nhà kính",
                "Xây dựng chuỗi sản xuất lúa gạo chất lượng cao gắn với tiêu thụ",
                "Nghiên cứu quản lý tổng hợp rầy nâu và bệnh đạo ôn trên lúa",
            ),
            {
                ResultType.PLANT_VARIETY: (
                    "Giống lúa chịu mặn {code}",
                    "Giống lúa thơm chất lượng cao {code}",
                    "Giống lúa ngắn ngày chống chịu rầy nâu {code}",
                ),
                ResultType.PROCESS: (
                    "Quy trình canh tác lúa giảm phát thải theo hướng hữu cơ",
                    "Quy trình sản xuất lúa giống cấp xác nhận",
                    "Quy trình quản lý tổng hợp rầy nâu trên lúa",
                    "Quy trình tưới ướt khô xen kẽ cho lúa",
                ),
                ResultType.MODEL: (
                    "Mô hình cánh đồng lớn sản xuất lúa chất lượng cao",
                    "Mô hình liên kết sản xuất và tiêu thụ lúa gạo",
                ),
                ResultType.TECHNOLOGY: ("Công nghệ sấy lúa bằng năng lượng sinh khối trấu",),
            },
            ("HTX-TM", "UBND-HTM", "UBND-XTM", "CTY-HN"),
        ),
        Domain(
            "catra",
            "405",
            (
                "Nghiên cứu hoàn thiện quy trình nuôi cá tra thương phẩm đạt chuẩn xuất khẩu",
                "Nghiên cứu chọn lọc, nâng cao chất lượng đàn cá tra bố mẹ",
                "Ứng dụng chế phẩm sinh học trong xử lý môi trường ao nuôi cá tra",
            ),
            {
                ResultType.PROCESS: (
                    "Quy trình nuôi cá tra thương phẩm đạt chuẩn VietGAP",
                    "Quy trình sản xuất giống cá tra 3 cấp",
                    "Quy trình phòng trị bệnh gan thận mủ trên cá tra",
                    "Quy trình ương cá tra giống chất lượng cao",
                ),
                ResultType.TECHNOLOGY: (
                    "Công nghệ xử lý nước thải ao nuôi cá tra bằng chế phẩm sinh học",
                    "Công nghệ chế biến phụ phẩm cá tra thành bột cá",
                ),
                ResultType.PATENT: (
                    "Chế phẩm vi sinh xử lý đáy ao nuôi cá tra",
                    "Phương pháp sản xuất collagen từ da cá tra",
                ),
                ResultType.PLANT_VARIETY: ("Đàn cá tra bố mẹ tăng trưởng nhanh {code}",),
                ResultType.MODEL: ("Mô hình nuôi cá tra tuần hoàn tiết kiệm nước",),
            },
            ("CTY-PT", "UBND-TPCL", "UBND-PCL", "HTX-TM"),
        ),
        Domain(
            "xoai",
            "401",
            (
                "Nghiên cứu giải pháp kỹ thuật nâng cao chất lượng xoài xuất khẩu",
                "Ứng dụng công nghệ bảo quản xoài sau thu hoạch",
            ),
            {
                ResultType.PROCESS: (
                    "Quy trình trồng xoài cát Chu theo tiêu chuẩn GlobalGAP",
                    "Quy trình xử lý ra hoa xoài nghịch vụ",
                    "Quy trình bao trái xoài phòng ruồi đục quả",
                ),
                ResultType.TECHNOLOGY: (
                    "Công nghệ bảo quản xoài sau thu hoạch bằng màng bao ăn được",
                    "Công nghệ sấy dẻo xoài",
                ),
                ResultType.MODEL: (
                    "Mô hình liên kết sản xuất, tiêu thụ xoài xuất khẩu",
                    "Mô hình vùng trồng xoài được cấp mã số",
                ),
                ResultType.UTILITY_SOLUTION: ("Thiết bị xử lý nước nóng diệt ruồi đục quả trên xoài",),
            },
            ("HTX-MX", "UBND-TPCL", "UBND-PCL", "CTY-HN"),
        ),
        Domain(
            "sen",
            "211",
            (
                "Nghiên cứu phát triển sản phẩm giá trị gia tăng từ cây sen Đồng Tháp",
                "Nghiên cứu chọn lọc giống sen cho năng suất hạt cao",
            ),
            {
                ResultType.PROCESS: ("Quy trình chế biến trà tim sen", "Quy trình trồng sen lấy hạt theo hướng hữu cơ"),
                ResultType.TECHNOLOGY: ("Công nghệ sấy thăng hoa hạt sen", "Công nghệ sản xuất sữa hạt sen đóng chai"),
                ResultType.PATENT: ("Phương pháp chiết xuất hoạt chất nuciferin từ lá sen",),
                ResultType.UTILITY_SOLUTION: ("Thiết bị tách tim sen bán tự động",),
                ResultType.PLANT_VARIETY: ("Giống sen hồng cho năng suất hạt cao {code}",),
            },
            ("CTY-HN", "HTX-TM", "UBND-HTM", "UBND-XTM"),
        ),
        Domain(
            "hoakieng",
            "406",
            (
                "Ứng dụng công nghệ cao trong sản xuất hoa kiểng làng hoa Sa Đéc",
                "Nghiên cứu nhân giống hoa bằng kỹ thuật nuôi cấy mô",
            ),
            {
                ResultType.PROCESS: (
                    "Quy trình nhân giống hoa hồng bằng nuôi cấy mô",
                    "Quy trình trồng cúc mâm xôi trong chậu",
                    "Quy trình sản xuất giá thể hữu cơ trồng hoa kiểng",
                ),
                ResultType.PLANT_VARIETY: ("Giống hoa cúc mâm xôi {code}", "Giống hoa hồng Sa Đéc {code}"),
                ResultType.MODEL: ("Mô hình trồng hoa kiểng ứng dụng công nghệ cao tại làng hoa Sa Đéc",),
                ResultType.TECHNOLOGY: ("Công nghệ tưới nhỏ giọt tự động cho vườn hoa kiểng",),
            },
            ("UBND-TPSD", "UBND-PSD", "HTX-TM"),
        ),
        Domain(
            "channuoi",
            "402",
            ("Nghiên cứu chăn nuôi vịt an toàn sinh học", "Ứng dụng đệm lót sinh học trong chăn nuôi heo"),
            {
                ResultType.PROCESS: (
                    "Quy trình chăn nuôi vịt chạy đồng an toàn sinh học",
                    "Quy trình chăn nuôi heo trên đệm lót sinh học",
                ),
                ResultType.PLANT_VARIETY: ("Giống vịt siêu trứng thích nghi vùng ngập lũ {code}",),
                ResultType.MODEL: ("Mô hình chăn nuôi bò sinh sản kết hợp trồng cỏ",),
            },
            ("HTX-TM", "UBND-HTM", "UBND-XTM"),
        ),
        Domain(
            "phanmem",
            "102",
            (
                "Xây dựng hệ thống thông tin phục vụ chuyển đổi số nông nghiệp tỉnh Đồng Tháp",
                "Ứng dụng công nghệ thông tin trong quản lý khoa học và công nghệ",
            ),
            {
                ResultType.SOFTWARE: (
                    "Phần mềm quản lý vùng trồng có mã số",
                    "Phần mềm truy xuất nguồn gốc nông sản",
                    "Phần mềm quản lý nhiệm vụ khoa học và công nghệ",
                    "Ứng dụng di động cảnh báo xâm nhập mặn",
                    "Phần mềm cơ sở dữ liệu cung cầu công nghệ",
                    "Phần mềm quản lý hồ sơ sở hữu trí tuệ",
                ),
                ResultType.MODEL: ("Mô hình bản đồ số nông nghiệp cấp xã",),
            },
            ("UBND-PCL", "UBND-PSD", "UBND-XTM", "UBND-TPCL", "CTY-PT"),
        ),
        Domain(
            "moitruong",
            "207",
            (
                "Nghiên cứu xử lý phụ phẩm nông nghiệp giảm ô nhiễm môi trường",
                "Nghiên cứu giải pháp cấp nước sạch cho vùng khô hạn, xâm nhập mặn",
            ),
            {
                ResultType.TECHNOLOGY: (
                    "Công nghệ xử lý rơm rạ thành phân hữu cơ vi sinh",
                    "Công nghệ lọc nước nhiễm mặn quy mô hộ gia đình",
                    "Công nghệ sản xuất than sinh học từ trấu",
                ),
                ResultType.PROCESS: ("Quy trình ủ phân hữu cơ từ phụ phẩm nông nghiệp",),
                ResultType.UTILITY_SOLUTION: ("Hệ thống xử lý nước thải chăn nuôi quy mô nông hộ",),
                ResultType.MODEL: ("Mô hình xử lý rác thải sinh hoạt nông thôn",),
            },
            ("UBND-HTM", "UBND-XTM", "UBND-TPSD", "UBND-PSD", "HTX-TM"),
        ),
        Domain(
            "baocao",
            "502",
            (
                "Đánh giá trình độ và năng lực công nghệ sản xuất của doanh nghiệp ngành công nghiệp chế biến",
                "Điều tra nhu cầu đổi mới công nghệ của doanh nghiệp, hợp tác xã",
            ),
            {
                ResultType.REPORT: (
                    "Báo cáo đánh giá trình độ công nghệ sản xuất của doanh nghiệp chế biến",
                    "Báo cáo nhu cầu công nghệ của doanh nghiệp, hợp tác xã",
                ),
                ResultType.OTHER: ("Bộ cơ sở dữ liệu nguồn cung công nghệ của tỉnh",),
            },
            (),
            early_only=True,
        ),
    ]
}

PLACES = (
    "tại vùng Đồng Tháp Mười",
    "ven sông Tiền",
    "tại Sa Đéc",
    "trên địa bàn tỉnh Đồng Tháp",
    "tại Cao Lãnh",
    "vùng Hồng Ngự",
    "tại Lấp Vò",
    "tại Châu Thành",
    "vùng Tam Nông",
)

FAMILY = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Hoàng",
    "Võ",
    "Phan",
    "Trương",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Ngô",
    "Dương",
    "Lý",
)
MIDDLE = ("Văn", "Thị", "Minh", "Thanh", "Ngọc", "Hoàng", "Quốc", "Hữu", "Thị Kim", "Công", "Thị Mỹ", "Đức")
GIVEN = (
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiếu",
    "Hòa",
    "Hùng",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Phương",
    "Quân",
    "Tâm",
    "Thảo",
    "Thắng",
    "Trung",
    "Tuấn",
    "Vy",
    "Yến",
    "Sơn",
)
ACADEMIC_TITLES = (("TS.", 5), ("ThS.", 5), ("PGS.TS.", 2), ("KS.", 2), ("GS.TS.", 0.3))

RETENTION_BASIS = (
    "Nhà nước giữ quyền theo thỏa thuận trong hợp đồng thực hiện nhiệm vụ (Luật 93/2025/QH15 Điều 25).",
    "Nhiệm vụ phục vụ quốc phòng, an ninh: nhà nước giữ quyền (Luật 93/2025/QH15 Điều 25).",
)

REASONS = {
    "return_acceptance": (
        "Bổ sung báo cáo tổng hợp kết quả theo mẫu quy định.",
        "Thiếu biên bản kiểm tra tiến độ; đề nghị bổ sung.",
        "Bổ sung sản phẩm theo hợp đồng (mẫu vật, số liệu gốc).",
    ),
    "reject": (
        "Hội đồng đánh giá không đạt: sản phẩm chưa đáp ứng chỉ tiêu của hợp đồng.",
        "Hội đồng đánh giá không đạt: số liệu thực nghiệm không đủ độ tin cậy.",
    ),
    "return_registration": (
        "Thiếu phiếu đăng ký kết quả (Mẫu 5).",
        "Quy trình cần kèm bản mô tả công nghệ (Mẫu 8).",
        "Thiếu bản sao biên bản hội đồng nghiệm thu.",
    ),
    "return_ownership": (
        "Bổ sung báo cáo khả năng ứng dụng, thương mại hoá (Mẫu 2).",
        "Dự thảo thỏa thuận giao quyền (Mẫu 3) chưa đủ nội dung về bồi hoàn.",
    ),
    "decline_transfer": (
        "Đơn vị chưa đủ mặt bằng, nhân lực để tiếp nhận.",
        "Chi phí chuyển giao vượt khả năng của đơn vị.",
        "Công nghệ chưa phù hợp với quy mô sản xuất hiện tại.",
    ),
    "return_support": (
        "Bổ sung phương án thương mại hoá và dự toán kinh phí.",
        "Thiếu hợp đồng chuyển giao hoặc báo cáo kết quả ứng dụng.",
    ),
    "refuse_support": (
        "Hồ sơ chưa chứng minh được tiềm năng thương mại hoá.",
        "Đã hết kinh phí hỗ trợ của năm; đề nghị nộp lại năm sau.",
    ),
}

APPLICATION_REPORTS = (
    "Đã ứng dụng trên diện tích {n} ha, năng suất tăng {p}% so với đối chứng.",
    "Đã nhân rộng cho {n} hộ, hợp tác xã trên địa bàn.",
    "Đã đưa vào sản xuất, sản lượng {n} tấn/năm, lợi nhuận tăng {p}%.",
    "Đã tập huấn cho {n} lượt người, áp dụng tại {p} điểm trình diễn.",
)
OWN_APPLICATION_REPORTS = (
    "Tổ chức chủ trì tự ứng dụng tại cơ sở sản xuất thử nghiệm, quy mô {n} ha.",
    "Tổ chức chủ trì đưa vào sản xuất, cung ứng {n} sản phẩm/năm.",
)
SUPPORT_OUTCOMES = (
    "Sản phẩm đã có mặt trên thị trường; doanh thu năm đầu {n} triệu đồng.",
    "Tham dự Techmart, ký {p} biên bản ghi nhớ hợp tác.",
    "Đã đào tạo {p} kỹ thuật viên làm chủ công nghệ.",
    "Hoàn thiện thiết bị, quy trình; công suất tăng {p}%.",
)
