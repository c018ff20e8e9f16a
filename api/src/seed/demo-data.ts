// Demo data (docs/domain.md §9: Quảng Ninh; all codes except 000.00.00.H49 and all people are fictional).
import type { DemoOrganisation, DemoUser } from './types';

export const demoOrganisations: DemoOrganisation[] = [
  {
    "id": "qn-ubnd",
    "parentId": null,
    "name": "Ủy ban nhân dân tỉnh Quảng Ninh",
    "kind": "PROVINCE_PC",
    "organCode": "000.00.00.H49",
    "shortName": "UBND",
    "placeName": "Quảng Ninh",
    "validFrom": null,
    "validTo": null,
    "units": []
  },
  {
    "id": "qn-vpubnd",
    "parentId": "qn-ubnd",
    "name": "Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh",
    "kind": "OFFICE",
    "organCode": "000.00.01.H49",
    "shortName": "VP",
    "placeName": "Quảng Ninh",
    "validFrom": null,
    "validTo": null,
    "units": [
      {
        "id": "qn-vp-vt",
        "name": "Bộ phận Văn thư",
        "abbrev": "VT"
      },
      {
        "id": "qn-vp-th",
        "name": "Phòng Tổng hợp",
        "abbrev": "TH"
      },
      {
        "id": "qn-vp-kt",
        "name": "Phòng Kinh tế",
        "abbrev": "KT"
      },
      {
        "id": "qn-vp-vx",
        "name": "Phòng Văn xã",
        "abbrev": "VX"
      },
      {
        "id": "qn-vp-hctc",
        "name": "Phòng Hành chính - Tổ chức",
        "abbrev": "HCTC"
      }
    ]
  },
  {
    "id": "qn-stttt",
    "parentId": "qn-ubnd",
    "name": "Sở Thông tin và Truyền thông tỉnh Quảng Ninh",
    "kind": "DEPARTMENT",
    "organCode": "000.00.05.H49",
    "shortName": "STTTT",
    "placeName": "Quảng Ninh",
    "validFrom": null,
    "validTo": "2025-02-28",
    "units": [
      {
        "id": "stttt-vp",
        "name": "Văn phòng Sở",
        "abbrev": "VP"
      },
      {
        "id": "stttt-cntt",
        "name": "Phòng Bưu chính, Viễn thông và Công nghệ thông tin",
        "abbrev": "BCVTCNTT"
      },
      {
        "id": "stttt-tt",
        "name": "Phòng Thông tin - Báo chí - Xuất bản",
        "abbrev": "TTBCXB"
      }
    ]
  },
  {
    "id": "qn-stc",
    "parentId": "qn-ubnd",
    "name": "Sở Tài chính tỉnh Quảng Ninh",
    "kind": "DEPARTMENT",
    "organCode": "000.00.07.H49",
    "shortName": "STC",
    "placeName": "Quảng Ninh",
    "validFrom": null,
    "validTo": null,
    "units": [
      {
        "id": "stc-vp",
        "name": "Văn phòng Sở",
        "abbrev": "VP"
      },
      {
        "id": "stc-qlns",
        "name": "Phòng Quản lý ngân sách",
        "abbrev": "QLNS"
      },
      {
        "id": "stc-hcsn",
        "name": "Phòng Tài chính hành chính sự nghiệp",
        "abbrev": "HCSN"
      },
      {
        "id": "stc-gcs",
        "name": "Phòng Quản lý giá và công sản",
        "abbrev": "GCS"
      }
    ]
  },
  {
    "id": "qn-snv",
    "parentId": "qn-ubnd",
    "name": "Sở Nội vụ tỉnh Quảng Ninh",
    "kind": "DEPARTMENT",
    "organCode": "000.00.03.H49",
    "shortName": "SNV",
    "placeName": "Quảng Ninh",
    "validFrom": null,
    "validTo": null,
    "units": [
      {
        "id": "snv-vp",
        "name": "Văn phòng Sở",
        "abbrev": "VP"
      },
      {
        "id": "snv-tcbc",
        "name": "Phòng Tổ chức, biên chế",
        "abbrev": "TCBC"
      },
      {
        "id": "snv-cchc",
        "name": "Phòng Cải cách hành chính",
        "abbrev": "CCHC"
      },
      {
        "id": "snv-vtlt",
        "name": "Chi cục Văn thư - Lưu trữ",
        "abbrev": "VTLT"
      }
    ]
  },
  {
    "id": "qn-halong",
    "parentId": "qn-ubnd",
    "name": "Ủy ban nhân dân thành phố Hạ Long",
    "kind": "DISTRICT_PC",
    "organCode": "000.00.30.H49",
    "shortName": "UBND",
    "placeName": "Hạ Long",
    "validFrom": null,
    "validTo": "2025-06-30",
    "units": [
      {
        "id": "hl-vp",
        "name": "Văn phòng HĐND và UBND thành phố",
        "abbrev": "VP"
      },
      {
        "id": "hl-nv",
        "name": "Phòng Nội vụ",
        "abbrev": "NV"
      },
      {
        "id": "hl-tckh",
        "name": "Phòng Tài chính - Kế hoạch",
        "abbrev": "TCKH"
      },
      {
        "id": "hl-vhtt",
        "name": "Phòng Văn hóa và Thông tin",
        "abbrev": "VHTT"
      }
    ]
  },
  {
    "id": "qn-bache",
    "parentId": "qn-ubnd",
    "name": "Ủy ban nhân dân huyện Ba Chẽ",
    "kind": "DISTRICT_PC",
    "organCode": "000.00.41.H49",
    "shortName": "UBND",
    "placeName": "Ba Chẽ",
    "validFrom": null,
    "validTo": "2025-06-30",
    "units": [
      {
        "id": "bc-vp",
        "name": "Văn phòng HĐND và UBND huyện",
        "abbrev": "VP"
      },
      {
        "id": "bc-nv",
        "name": "Phòng Nội vụ",
        "abbrev": "NV"
      },
      {
        "id": "bc-tckh",
        "name": "Phòng Tài chính - Kế hoạch",
        "abbrev": "TCKH"
      }
    ]
  },
  {
    "id": "qn-mongcai",
    "parentId": "qn-ubnd",
    "name": "Ủy ban nhân dân thành phố Móng Cái",
    "kind": "DISTRICT_PC",
    "organCode": "000.00.32.H49",
    "shortName": "UBND",
    "placeName": "Móng Cái",
    "validFrom": null,
    "validTo": "2025-06-30",
    "units": [
      {
        "id": "mc-vp",
        "name": "Văn phòng HĐND và UBND thành phố",
        "abbrev": "VP"
      },
      {
        "id": "mc-nv",
        "name": "Phòng Nội vụ",
        "abbrev": "NV"
      },
      {
        "id": "mc-kt",
        "name": "Phòng Kinh tế",
        "abbrev": "KT"
      }
    ]
  },
  {
    "id": "hl-baichay",
    "parentId": "qn-halong",
    "name": "Ủy ban nhân dân phường Bãi Cháy",
    "kind": "COMMUNE_PC",
    "organCode": "000.21.30.H49",
    "shortName": "UBND",
    "placeName": "Bãi Cháy",
    "validFrom": null,
    "validTo": "2025-06-30",
    "units": []
  },
  {
    "id": "bc-thitran",
    "parentId": "qn-bache",
    "name": "Ủy ban nhân dân thị trấn Ba Chẽ",
    "kind": "COMMUNE_PC",
    "organCode": "000.21.41.H49",
    "shortName": "UBND",
    "placeName": "Ba Chẽ",
    "validFrom": null,
    "validTo": "2025-06-30",
    "units": []
  },
  {
    "id": "mc-tranphu",
    "parentId": "qn-mongcai",
    "name": "Ủy ban nhân dân phường Trần Phú",
    "kind": "COMMUNE_PC",
    "organCode": "000.21.32.H49",
    "shortName": "UBND",
    "placeName": "Móng Cái",
    "validFrom": null,
    "validTo": "2025-06-30",
    "units": []
  },
  {
    "id": "qn-skhcn",
    "parentId": "qn-ubnd",
    "name": "Sở Khoa học và Công nghệ tỉnh Quảng Ninh",
    "kind": "DEPARTMENT",
    "organCode": "000.00.05.H49",
    "shortName": "SKHCN",
    "placeName": "Quảng Ninh",
    "validFrom": "2025-03-01",
    "validTo": null,
    "units": []
  },
  {
    "id": "qn-p-halong",
    "parentId": "qn-ubnd",
    "name": "Ủy ban nhân dân phường Hạ Long",
    "kind": "COMMUNE_PC",
    "organCode": "000.00.60.H49",
    "shortName": "UBND",
    "placeName": "Hạ Long",
    "validFrom": "2025-07-01",
    "validTo": null,
    "units": []
  },
  {
    "id": "qn-x-bache",
    "parentId": "qn-ubnd",
    "name": "Ủy ban nhân dân xã Ba Chẽ",
    "kind": "COMMUNE_PC",
    "organCode": "000.00.61.H49",
    "shortName": "UBND",
    "placeName": "Ba Chẽ",
    "validFrom": "2025-07-01",
    "validTo": null,
    "units": []
  },
  {
    "id": "qn-p-mc1",
    "parentId": "qn-ubnd",
    "name": "Ủy ban nhân dân phường Móng Cái 1",
    "kind": "COMMUNE_PC",
    "organCode": "000.00.62.H49",
    "shortName": "UBND",
    "placeName": "Phường Móng Cái 1",
    "validFrom": "2025-07-01",
    "validTo": null,
    "units": []
  }
];

export const demoUsers: DemoUser[] = [
  {
    "username": "qn.chutich",
    "fullName": "Trần Minh Khoa",
    "organisationId": "qn-ubnd",
    "unitId": null,
    "position": "Chủ tịch",
    "roles": [
      "LANH_DAO_CO_QUAN"
    ]
  },
  {
    "username": "qn.pct1",
    "fullName": "Lê Thu Hà",
    "organisationId": "qn-ubnd",
    "unitId": null,
    "position": "Phó Chủ tịch",
    "roles": [
      "LANH_DAO_CO_QUAN"
    ]
  },
  {
    "username": "qn.pct2",
    "fullName": "Phạm Quốc Bảo",
    "organisationId": "qn-ubnd",
    "unitId": null,
    "position": "Phó Chủ tịch",
    "roles": [
      "LANH_DAO_CO_QUAN"
    ]
  },
  {
    "username": "qn.cvp",
    "fullName": "Đỗ Văn Thành",
    "organisationId": "qn-vpubnd",
    "unitId": null,
    "position": "Chánh Văn phòng",
    "roles": [
      "CHANH_VAN_PHONG",
      "KIEM_TRA_THE_THUC"
    ]
  },
  {
    "username": "qn.tp.vx",
    "fullName": "Ngô Thị Lan",
    "organisationId": "qn-vpubnd",
    "unitId": "qn-vp-vx",
    "position": "Trưởng phòng",
    "roles": [
      "TRUONG_PHONG"
    ]
  },
  {
    "username": "qn.cv.vx1",
    "fullName": "Vũ Đức Anh",
    "organisationId": "qn-vpubnd",
    "unitId": "qn-vp-vx",
    "position": "Chuyên viên",
    "roles": [
      "CHUYEN_VIEN"
    ]
  },
  {
    "username": "qn.vanthu",
    "fullName": "Hoàng Thị Mai",
    "organisationId": "qn-vpubnd",
    "unitId": "qn-vp-vt",
    "position": "Văn thư",
    "roles": [
      "VAN_THU"
    ]
  },
  {
    "username": "stc.gd",
    "fullName": "Bùi Văn Long",
    "organisationId": "qn-stc",
    "unitId": null,
    "position": "Giám đốc",
    "roles": [
      "LANH_DAO_CO_QUAN"
    ]
  },
  {
    "username": "stc.pgd",
    "fullName": "Đặng Thị Hương",
    "organisationId": "qn-stc",
    "unitId": null,
    "position": "Phó Giám đốc",
    "roles": [
      "LANH_DAO_CO_QUAN"
    ]
  },
  {
    "username": "stc.tp.qlns",
    "fullName": "Trịnh Văn Nam",
    "organisationId": "qn-stc",
    "unitId": "stc-qlns",
    "position": "Trưởng phòng",
    "roles": [
      "TRUONG_PHONG"
    ]
  },
  {
    "username": "stc.cv.qlns",
    "fullName": "Lý Thị Ngọc",
    "organisationId": "qn-stc",
    "unitId": "stc-qlns",
    "position": "Chuyên viên",
    "roles": [
      "CHUYEN_VIEN"
    ]
  },
  {
    "username": "stc.vanthu",
    "fullName": "Phan Thị Thảo",
    "organisationId": "qn-stc",
    "unitId": "stc-vp",
    "position": "Văn thư",
    "roles": [
      "VAN_THU"
    ]
  },
  {
    "username": "snv.gd",
    "fullName": "Hà Quang Vinh",
    "organisationId": "qn-snv",
    "unitId": null,
    "position": "Giám đốc",
    "roles": [
      "LANH_DAO_CO_QUAN"
    ]
  },
  {
    "username": "snv.tp.tcbc",
    "fullName": "Mai Thị Yến",
    "organisationId": "qn-snv",
    "unitId": "snv-tcbc",
    "position": "Trưởng phòng",
    "roles": [
      "TRUONG_PHONG"
    ]
  },
  {
    "username": "snv.cv.tcbc",
    "fullName": "Cao Văn Hùng",
    "organisationId": "qn-snv",
    "unitId": "snv-tcbc",
    "position": "Chuyên viên",
    "roles": [
      "CHUYEN_VIEN"
    ]
  },
  {
    "username": "snv.luutru",
    "fullName": "Tạ Thị Hồng",
    "organisationId": "qn-snv",
    "unitId": "snv-vtlt",
    "position": "Lưu trữ viên",
    "roles": [
      "LUU_TRU"
    ]
  },
  {
    "username": "snv.vanthu",
    "fullName": "Kiều Thị Vân",
    "organisationId": "qn-snv",
    "unitId": "snv-vp",
    "position": "Văn thư",
    "roles": [
      "VAN_THU"
    ]
  },
  {
    "username": "stttt.gd",
    "fullName": "Lương Văn Tùng",
    "organisationId": "qn-stttt",
    "unitId": null,
    "position": "Giám đốc",
    "roles": [
      "LANH_DAO_CO_QUAN"
    ]
  },
  {
    "username": "stttt.cv.cntt",
    "fullName": "Nông Thị Hạnh",
    "organisationId": "qn-stttt",
    "unitId": "stttt-cntt",
    "position": "Chuyên viên",
    "roles": [
      "CHUYEN_VIEN"
    ]
  },
  {
    "username": "stttt.vanthu",
    "fullName": "Âu Thị Nhung",
    "organisationId": "qn-stttt",
    "unitId": "stttt-vp",
    "position": "Văn thư",
    "roles": [
      "VAN_THU"
    ]
  },
  {
    "username": "hl.chutich",
    "fullName": "Quách Văn Sơn",
    "organisationId": "qn-halong",
    "unitId": null,
    "position": "Chủ tịch",
    "roles": [
      "LANH_DAO_CO_QUAN"
    ]
  },
  {
    "username": "hl.pct",
    "fullName": "Lâm Thị Diệu",
    "organisationId": "qn-halong",
    "unitId": null,
    "position": "Phó Chủ tịch",
    "roles": [
      "LANH_DAO_CO_QUAN"
    ]
  },
  {
    "username": "hl.tp.nv",
    "fullName": "Triệu Văn Lợi",
    "organisationId": "qn-halong",
    "unitId": "hl-nv",
    "position": "Trưởng phòng",
    "roles": [
      "TRUONG_PHONG"
    ]
  },
  {
    "username": "hl.cv.nv",
    "fullName": "Từ Thị Huyền",
    "organisationId": "qn-halong",
    "unitId": "hl-nv",
    "position": "Chuyên viên",
    "roles": [
      "CHUYEN_VIEN"
    ]
  },
  {
    "username": "hl.vanthu",
    "fullName": "Ông Thị Liên",
    "organisationId": "qn-halong",
    "unitId": "hl-vp",
    "position": "Văn thư",
    "roles": [
      "VAN_THU"
    ]
  },
  {
    "username": "bc.chutich",
    "fullName": "Hứa Văn Tâm",
    "organisationId": "qn-bache",
    "unitId": null,
    "position": "Chủ tịch",
    "roles": [
      "LANH_DAO_CO_QUAN"
    ]
  },
  {
    "username": "bc.vanthu",
    "fullName": "Giáp Thị Oanh",
    "organisationId": "qn-bache",
    "unitId": "bc-vp",
    "position": "Văn thư",
    "roles": [
      "VAN_THU"
    ]
  },
  {
    "username": "mc.chutich",
    "fullName": "Khổng Văn Đạt",
    "organisationId": "qn-mongcai",
    "unitId": null,
    "position": "Chủ tịch",
    "roles": [
      "LANH_DAO_CO_QUAN"
    ]
  },
  {
    "username": "mc.pct",
    "fullName": "La Thị Quyên",
    "organisationId": "qn-mongcai",
    "unitId": null,
    "position": "Phó Chủ tịch",
    "roles": [
      "LANH_DAO_CO_QUAN"
    ]
  },
  {
    "username": "mc.vanthu",
    "fullName": "Mạc Thị Sen",
    "organisationId": "qn-mongcai",
    "unitId": "mc-vp",
    "position": "Văn thư",
    "roles": [
      "VAN_THU"
    ]
  }
];

/** Danh mục hồ sơ Sở Nội vụ 2025 (docs/domain.md §9.3, demo); retention null = vĩnh viễn. */
export const demoCaseFileCatalogue = {
  organisationId: 'qn-snv',
  year: 2025,
  headings: [
    { code: 'VTLT', title: 'Văn thư, lưu trữ' },
    { code: 'TCBC', title: 'Tổ chức, biên chế' },
  ],
  files: [
    { notation: '01.VTLT', title: 'Hồ sơ xây dựng kế hoạch công tác văn thư, lưu trữ năm 2025', retentionYears: null, unitId: 'snv-vtlt', creator: 'snv.luutru' },
    { notation: '02.VTLT', title: 'Hồ sơ kiểm tra công tác văn thư, lưu trữ các cơ quan năm 2025', retentionYears: 20, unitId: 'snv-vtlt', creator: 'snv.luutru' },
    { notation: '01.TCBC', title: 'Hồ sơ thẩm định đề án vị trí việc làm năm 2025', retentionYears: null, unitId: 'snv-tcbc', creator: 'snv.cv.tcbc' },
  ],
};
