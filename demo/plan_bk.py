"""The Bắc Kạn plan for the S&T market programme to 2030 (seeds/001: Quyết định 2257/QĐ-UBND ngày 22/11/2021) and its
six groups of tasks and solutions, which Thái Nguyên carries since the merger of 01/07/2025.

The plan stays attached to the former province of Bắc Kạn (its issuer, UBND tỉnh Bắc Kạn, is retired); the tasks
are led today by the successor of Bắc Kạn's Sở KH&CN, Thái Nguyên's, which reports on them. The targets of the
plan are seeded with the indicators (reports migration 0003, province "Bắc Kạn").
"""

PLAN_CODE = "2257/QĐ-UBND-BK"
PLAN_TITLE = (
    "Kế hoạch thực hiện Chương trình phát triển thị trường khoa học và công nghệ trên địa bàn tỉnh Bắc Kạn đến năm 2030"
)
PLAN_ISSUER = "UBND-BK"
PLAN_PROVINCE = "06"
PLAN_YEARS = (2021, 2030)
PLAN_SOURCE = "Quyết định số 2257/QĐ-UBND ngày 22/11/2021 của UBND tỉnh Bắc Kạn (seeds/001)"
LEAD = "SKHCN-TN"
COORDINATING = ("DHTN", "CDBK")

# (number, text as written in the plan)
ROWS = [
    (1, "Tiếp tục hoàn thiện môi trường pháp lý hỗ trợ phát triển thị trường khoa học và công nghệ."),
    (
        2,
        "Thúc đẩy phát triển nguồn cầu của thị trường khoa học và công nghệ, nâng cao năng lực hấp thụ, làm chủ và "
        "đổi mới công nghệ của doanh nghiệp.",
    ),
    (3, "Thúc đẩy phát triển nguồn cung của thị trường khoa học và công nghệ."),
    (4, "Phát triển các tổ chức trung gian của thị trường khoa học và công nghệ."),
    (5, "Tăng cường hoạt động xúc tiến thị trường khoa học và công nghệ."),
    (
        6,
        "Tăng cường công tác đào tạo, bồi dưỡng nguồn nhân lực, truyền thông và hội nhập quốc tế về thị trường khoa "
        "học và công nghệ.",
    ),
]
