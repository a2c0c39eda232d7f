"""Office documents the system hands out: Word documents in the layout of an administrative document (Decree
30/2020/NĐ-CP) and Excel workbooks and CSV files that open right in an office suite set to Vietnamese."""
