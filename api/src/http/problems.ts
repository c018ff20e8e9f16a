import { viDate } from '../calendar/working-days';
import { Problem, type FieldError } from './problem';

/**
 * Every failure the services report, declared once: code → HTTP status, Vietnamese title (shown to users), English
 * detail, and the parameters each text needs. Services throw `problem(key, params)`; the client may translate by
 * `code`. A code used for several distinct failures (e.g. `validation`) has one entry per failure, keyed
 * `code#variant`; only the part before `#` reaches the client. test/api/problem-catalogue.test.ts lists entries
 * declared but never thrown and thrown but not declared.
 */

interface Entry<P> {
  status: number;
  title: (p: P) => string;
  detail: (p: P) => string;
}

const text = <P>(t: string | ((p: P) => string)) => (typeof t === 'string' ? () => t : t);
const def = <P extends object = Record<never, never>>(
  status: number,
  title: string | ((p: P) => string),
  detail: string | ((p: P) => string),
): Entry<P> => ({
  status,
  title: text(title),
  detail: text(detail),
});

// Titles never show a raw enum value: the incoming workflow's states and actions in words (as in the search columns).
type IncomingStatus = 'DRAFT' | 'REGISTERED' | 'SUBMITTED' | 'ASSIGNED' | 'IN_PROGRESS' | 'COMPLETED';
const incomingStatusVi: Record<IncomingStatus, string> = {
  DRAFT: 'chưa vào sổ',
  REGISTERED: 'đã vào sổ',
  SUBMITTED: 'chờ chỉ đạo',
  ASSIGNED: 'đã giao xử lý',
  IN_PROGRESS: 'đang xử lý',
  COMPLETED: 'đã hoàn thành',
};
export type IncomingAction = 'submitted' | 'assigned' | 're-assigned' | 'returned' | 'started' | 'completed';
const incomingActionVi: Record<IncomingAction, string> = {
  submitted: 'trình lãnh đạo',
  assigned: 'giao xử lý',
  're-assigned': 'giao lại',
  returned: 'trả lại văn thư',
  started: 'bắt đầu xử lý',
  completed: 'hoàn thành xử lý',
};

/** Why an outgoing document is out of review, by its state (Vietnamese, English). */
const outOfReviewWhy: Record<string, [string, string]> = {
  RETURNED: ['Văn bản đã bị trả lại để chỉnh sửa', 'it was returned to the author for revision'],
  DRAFT: ['Văn bản chưa được trình', 'it has not been submitted'],
  REJECTED: ['Văn bản đã bị từ chối', 'it was rejected'],
};
const outOfReview = (status: string) => outOfReviewWhy[status] ?? ['Văn bản đã qua bước duyệt', 'its approval is complete'];

export const problems = {
  'approval_chain.exists': def(
    409,
    'Đã có quy trình duyệt cho loại văn bản này',
    'An active chain already exists for this organisation and document type; edit it instead',
  ),
  'approval_chain.signer_optional': def(
    422,
    'Bước ký (bước cuối) không được là bước tùy chọn',
    'The last step is the signer and cannot be optional',
  ),
  'approval_chain.step_unit_invalid': def<{ step: number }>(
    422,
    'Đơn vị không thuộc cơ quan',
    (p) => `Step ${p.step} names a unit outside the organisation`,
  ),
  'approval_chain.step_unstaffed': def<{ step: number; label: string }>(
    422,
    (p) => `Bước ${p.step} ("${p.label}") hiện không có ai đảm nhận được`,
    (p) => `Nobody can take step ${p.step} ("${p.label}") now: no active user holds its role or is named in it`,
  ),
  'approval_chain.step_users_invalid': def<{ step: number }>(
    422,
    'Người duyệt không thuộc cơ quan hoặc đã bị khóa',
    (p) => `Step ${p.step} names users that do not exist, are disabled or are outside the organisation`,
  ),
  'auth.invalid_credentials': def(401, 'Tên đăng nhập hoặc mật khẩu không đúng', 'Wrong username or password'),
  'auth.locked': def<{ minutes: number }>(
    423,
    (p) => `Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần. Thử lại sau ${p.minutes} phút.`,
    (p) => `Account temporarily locked after repeated wrong passwords. Try again in ${p.minutes} minute(s).`,
  ),
  'auth.password_change_required': def(
    403,
    'Bạn cần đổi mật khẩu trước khi tiếp tục làm việc',
    'The password was set by an administrator: change it (POST /api/auth/password) before any other request',
  ),
  'auth.password_unchanged': def(422, 'Mật khẩu mới phải khác mật khẩu hiện tại', 'The new password must differ from the current one'),
  'auth.required': def(401, 'Bạn cần đăng nhập', 'Authentication required'),
  'auth.wrong_password': def(422, 'Mật khẩu hiện tại không đúng', 'The current password is wrong'),
  'case_file.already_filed#the_document_is_already': def<{ code: string; caseFileId: string }>(
    409,
    (p) => `Văn bản đã được lập vào hồ sơ ${p.code}`,
    (p) => `The document is already filed in case file ${p.code} (${p.caseFileId}); move it instead`,
  ),
  'case_file.already_filed#the_document_was_just': def(
    409,
    'Văn bản đã được lập vào hồ sơ khác',
    'The document was just filed in another case file',
  ),
  'case_file.approval_given': def(
    409,
    'Đã có phê duyệt với tư cách của bạn; cần phê duyệt của người còn lại',
    'The approval in your capacity has been given; the other capacity must approve',
  ),
  'case_file.checksum_mismatch#is_missing_or_its': def<{ path: string }>(
    422,
    (p) => `Tệp ${p.path} không khớp với metadata.xml`,
    (p) => `${p.path} is missing or its SHA-256 differs from metadata.xml`,
  ),
  'case_file.checksum_mismatch#sha_256_of_does': def<{ name: string; MANIFEST: 'manifest-sha256.txt' }>(
    422,
    (p) => `Mã kiểm tra SHA-256 của tệp ${p.name} không khớp`,
    (p) => `SHA-256 of ${p.name} does not match ${p.MANIFEST}`,
  ),
  'case_file.code_taken#case_file_already_exists': def<{ code: string }>(
    409,
    'Số và ký hiệu hồ sơ đã có trong danh mục năm',
    (p) => `Case file ${p.code} already exists`,
  ),
  'case_file.code_taken#in_archive': def<{ code: string; id: string }>(
    409,
    'Hồ sơ này đã có trong Lưu trữ cơ quan',
    (p) => `Case file ${p.code} is already in the archive (${p.id})`,
  ),
  'case_file.code_taken#in_archive_meanwhile': def<{ code: string }>(
    409,
    'Hồ sơ này đã có trong Lưu trữ cơ quan',
    (p) => `Case file ${p.code} is already in the archive`,
  ),
  'case_file.disposed#open': def(409, 'Hồ sơ đã hủy, không còn tài liệu', 'A disposed case file has no documents to open'),
  'case_file.disposed#change': def(409, 'Hồ sơ đã hủy, không thay đổi được nữa', 'A disposed case file cannot change'),
  'case_file.disposed#export': def(409, 'Hồ sơ đã hủy, không còn tài liệu để xuất', 'A disposed case file has no documents to export'),
  'case_file.document_not_final#incoming': def(409, 'Văn bản đến chưa được vào sổ', 'Only registered incoming documents are filed'),
  'case_file.document_not_final#outgoing': def(
    409,
    'Văn bản đi chưa được ban hành',
    'Only issued outgoing documents are filed (drafts are not kept in case files)',
  ),
  'case_file.empty': def(409, 'Hồ sơ chưa có văn bản nào, không thể kết thúc', 'A case file needs at least one document to be closed'),
  'case_file.export_restricted': def<{ hidden: number }>(
    403,
    'Hồ sơ có văn bản bạn không được xem nên bạn không thể xuất hồ sơ này',
    (p) => `The case file holds ${p.hidden} document(s) you may not open (e.g. secret ones without a grant), so you cannot export it`,
  ),
  'case_file.heading_taken': def<{ code: string; year: number }>(
    409,
    'Đề mục này đã có trong danh mục năm',
    (p) => `Heading ${p.code} already exists for ${p.year}`,
  ),
  'case_file.not_closed#transfer': def(
    409,
    'Chỉ hồ sơ đã kết thúc mới nộp lưu được',
    'Only a closed case file can be transferred to the archive',
  ),
  'case_file.not_closed#reopen': def(
    409,
    'Chỉ hồ sơ đã kết thúc, chưa nộp lưu mới mở lại được',
    'Only a closed case file not yet transferred can be reopened',
  ),
  'case_file.not_expired': def<{ review: string }>(
    409,
    (p) => `Hồ sơ chưa hết thời hạn bảo quản (đến ${p.review})`,
    (p) => `The retention period runs until ${p.review}`,
  ),
  'case_file.not_in_archive': def(
    409,
    'Chỉ hồ sơ đang trong Lưu trữ cơ quan mới được xét hủy',
    'Only a case file in the archive can be disposed',
  ),
  'case_file.not_open#documents_are_filed_into': def(
    409,
    'Chỉ hồ sơ đang lập mới được thêm, bớt văn bản',
    'Documents are filed into, removed from and moved between open case files only',
  ),
  'case_file.not_open#only_an_open_case': def(409, 'Chỉ hồ sơ đang lập mới kết thúc được', 'Only an open case file can be closed'),
  'case_file.other_organisation#document_belongs_to_another': def<{ documentId: string }>(
    422,
    'Văn bản không thuộc cơ quan lập hồ sơ',
    (p) => `Document ${p.documentId} belongs to another organisation than the case file`,
  ),
  'case_file.other_organisation#the_target_case_file': def(
    422,
    'Hồ sơ đích thuộc cơ quan khác',
    'The target case file belongs to another organisation',
  ),
  'case_file.package_invalid#docordinal_must_run_1': def<{ length: number; ordinals: string }>(
    422,
    'Số thứ tự văn bản trong hồ sơ phải liên tục từ 1',
    (p) => `DocOrdinal must run 1…${p.length} without gaps or repeats (got ${p.ordinals})`,
  ),
  'case_file.package_invalid#doctotal_is_but_the': def<{ DocTotal: string; length: number }>(
    422,
    'Tổng số văn bản không khớp',
    (p) => `DocTotal is ${p.DocTotal} but the package describes ${p.length} documents`,
  ),
  'case_file.package_invalid#line_is_not_sha256': def<{ line: number; MANIFEST: 'manifest-sha256.txt' }>(
    422,
    (p) => `Dòng ${p.line} của ${p.MANIFEST} không hợp lệ`,
    (p) => `${p.MANIFEST} line ${p.line} is not "<sha256>  <path>"`,
  ),
  'case_file.package_invalid#maintenance_is_neither_v': def<{ Maintenance: string | null }>(
    422,
    'Thời hạn bảo quản không hợp lệ',
    (p) => `Maintenance "${p.Maintenance}" is neither "Vĩnh viễn" nor "N năm"`,
  ),
  'case_file.package_invalid#metadata_xml': def<{ issues: string }>(
    422,
    'Số, ký hiệu hoặc tiêu đề hồ sơ không hợp lệ',
    (p) => `metadata.xml: ${p.issues}`,
  ),
  'case_file.package_invalid#metadata_xml_document_has': def<{ document: number; kind: 'INCOMING' | 'OUTGOING' }>(
    422,
    'Loại văn bản trong gói không hợp lệ',
    (p) => `metadata.xml: Document ${p.document} has kind "${p.kind}" (INCOMING or OUTGOING)`,
  ),
  'case_file.package_invalid#metadata_xml_filecode_filecatalog': def(
    422,
    'Năm hình thành hồ sơ không hợp lệ',
    'metadata.xml: FileCode/FileCatalog is not a year',
  ),
  'case_file.package_invalid#metadata_xml_filecode_is': def(422, 'Gói hồ sơ thiếu mã hồ sơ', 'metadata.xml: FileCode is missing'),
  'case_file.package_invalid#metadata_xml_hold_control': def<{ errors: string }>(
    422,
    'metadata.xml chứa ký tự điều khiển không hợp lệ',
    (p) => `metadata.xml: ${p.errors} hold control characters`,
  ),
  'case_file.package_invalid#metadata_xml_is_missing': def<{ where: string; name: string }>(
    422,
    'Gói hồ sơ thiếu trường bắt buộc',
    (p) => `metadata.xml: ${p.where}${p.name} is missing`,
  ),
  'case_file.package_invalid#metadata_xml_is_not': def<{ firstError: string }>(
    422,
    'metadata.xml không đúng định dạng',
    (p) => `metadata.xml is not a HoSo document${p.firstError}`,
  ),
  'case_file.package_invalid#metadata_xml_must_not': def(
    422,
    'metadata.xml không được chứa DOCTYPE',
    'metadata.xml must not contain a DOCTYPE',
  ),
  'case_file.package_invalid#not_a_readable_zip': def<{ message: string }>(
    422,
    'Tệp gửi lên không phải gói ZIP hợp lệ',
    (p) => `Not a readable ZIP package: ${p.message}`,
  ),
  'case_file.package_invalid#no_manifest': def<{ MANIFEST: 'manifest-sha256.txt' }>(
    422,
    (p) => `Gói hồ sơ thiếu tệp ${p.MANIFEST}`,
    (p) => `The package has no ${p.MANIFEST}`,
  ),
  'case_file.package_invalid#no_metadata': def<{ METADATA_XML: 'metadata.xml' }>(
    422,
    (p) => `Gói hồ sơ thiếu tệp ${p.METADATA_XML}`,
    (p) => `The package has no ${p.METADATA_XML}`,
  ),
  'case_file.package_missing_file': def<{ path: string; MANIFEST: 'manifest-sha256.txt' }>(
    422,
    (p) => `Gói hồ sơ thiếu tệp ${p.path}`,
    (p) => `${p.path} is listed in ${p.MANIFEST} but missing from the package`,
  ),
  'case_file.package_too_large': def<{ totalMb: number; entryMb: number; message: string }>(
    413,
    (p) => `Gói hồ sơ giải nén vượt quá ${p.totalMb} MB (mỗi tệp tối đa ${p.entryMb} MB)`,
    (p) => `The package unpacks to more than allowed: ${p.message}`,
  ),
  'case_file.package_too_many_entries': def<{ maxEntries: number; message: string }>(
    413,
    (p) => `Gói hồ sơ có quá nhiều tệp (tối đa ${p.maxEntries})`,
    (p) => `The package has ${p.message}`,
  ),
  'case_file.package_unlisted': def<{ name: string; MANIFEST: 'manifest-sha256.txt' }>(
    422,
    (p) => `Tệp ${p.name} không có trong danh sách mã kiểm tra`,
    (p) => `${p.name} is not listed in ${p.MANIFEST}`,
  ),
  'case_file.permanent': def(409, 'Hồ sơ bảo quản vĩnh viễn không bao giờ được hủy', 'A permanently kept case file can never be disposed'),
  'case_file.read_only': def(
    409,
    'Hồ sơ đã nộp lưu, chỉ Lưu trữ cơ quan quản lý; đơn vị chỉ được xem',
    'The case file has been transferred to the archive: it is read-only to the unit and managed by archivists',
  ),
  'case_file.retention_too_short': def<{ retentionYears: number | null }>(
    409,
    'Hồ sơ có thời hạn bảo quản dưới 5 năm không nộp lưu',
    (p) => `Only files kept 5 years or more are transferred to the archive (this one: ${p.retentionYears} years); it stays with the unit`,
  ),
  'case_file.same_approver': def(
    409,
    'Việc hủy cần hai người khác nhau phê duyệt (lưu trữ và lãnh đạo)',
    'You already approved this disposal: the second approval must come from another person',
  ),
  'copies.already_dispatched': def<{ dispatchedAt: string }>(
    409,
    'Bản sao đã được phát hành',
    (p) => `The copy was dispatched on ${p.dispatchedAt}`,
  ),
  'copies.extract_missing': def(
    422,
    'Trích sao cần tệp PDF trích sao đã tạo lại',
    'An extract (TRICH_SAO) needs the re-created extract as the "main" PDF',
  ),
  'copies.extract_unexpected': def(
    422,
    'Chỉ trích sao mới gửi kèm tệp',
    'Only an extract (TRICH_SAO) comes with a file: SAO_Y and SAO_LUC copy the document itself',
  ),
  'copies.not_awaiting_signature': def(409, 'Bản sao đã được ký hoặc đang ký', 'The copy is signed already or being signed'),
  'copies.not_signed': def(
    409,
    'Bản sao chưa được ký số, chưa phát hành được',
    'Only a copy signed with the organisation signature can be dispatched',
  ),
  'copies.recipient_unreachable': def<{ unreachable: string }>(
    422,
    'Nơi nhận không nhận được bản sao điện tử (không trên hệ thống, không qua trục liên thông)',
    (p) =>
      `A copy is sent on this system or over the exchange axis (never a secret one); these recipients are reached by neither: ${p.unreachable}`,
  ),
  'copies.secret_not_authorised': def(
    403,
    'Văn bản mật chỉ được sao khi có ý kiến cho phép của người có thẩm quyền',
    'A secret document is copied only with a recorded authorisation (secretAuthorisation: who allowed it, and the reference of the decision)',
  ),
  'copies.source_not_issued': def(
    409,
    'Chỉ sao được văn bản đi đã ban hành và đóng dấu',
    'Only an issued and sealed outgoing document can be copied',
  ),
  'copies.source_not_pdf': def(
    409,
    'Văn bản chính không phải tệp PDF, không sao điện tử được',
    'The main file is not a PDF; an electronic copy needs a PDF',
  ),
  'copies.source_not_registered': def(409, 'Chỉ sao được văn bản đến đã vào sổ', 'Only a registered incoming document can be copied'),
  'crl.unavailable': def<{ PKI_DIR: string }>(
    503,
    'Chưa có danh sách chứng thư số bị thu hồi',
    (p) => `No CRL in ${p.PKI_DIR}: run npm run certs:dev`,
  ),
  'csrf.invalid': def(
    403,
    'Phiên làm việc không hợp lệ, vui lòng tải lại trang',
    'Missing or invalid CSRF token (send the XSRF-TOKEN cookie value in the X-XSRF-TOKEN header)',
  ),
  'dashboard.bad_range#from_must_not_be': def(422, 'Ngày bắt đầu phải trước hoặc bằng ngày kết thúc', '"from" must not be after "to"'),
  'dashboard.bad_range#the_range_spans_periods': def<{ MAX_PERIODS: number; count: number; period: 'week' | 'month' | 'quarter' }>(
    422,
    (p) => `Khoảng thời gian quá dài: tối đa ${p.MAX_PERIODS} kỳ (đang chọn ${p.count})`,
    (p) =>
      `The range spans ${p.count} periods of one ${p.period}; at most ${p.MAX_PERIODS} are shown: shorten it or choose a longer period`,
  ),
  'dashboard.forbidden': def(
    403,
    'Bạn không có quyền xem bảng số liệu của cơ quan, đơn vị này',
    'Only leaders, chiefs of office and clerks of the organisation see its dashboard, and unit heads that of their own unit',
  ),
  'exchange.job_exists': def<{ jobId: string; queue: string }>(
    409,
    'Tác vụ đang có trong hàng đợi',
    (p) => `Job ${p.jobId} is already in ${p.queue}`,
  ),
  'files.watermark_not_pdf': def(
    409,
    'Chỉ tệp PDF mới có bản tải để đọc/in có ghi tên người tải',
    'Only PDF files have a watermarked reading copy; download this file as stored',
  ),
  'hub.bad_header': def<{ v: string }>(400, 'Tiêu đề yêu cầu không hợp lệ', (p) => `Not a valid percent-encoded header value: ${p.v}`),
  'hub.empty_package': def(422, 'Gói tin rỗng', 'The package is empty'),
  'hub.hash_mismatch': def(422, 'Gói tin bị lỗi khi truyền', 'The package does not match its X-Content-SHA256'),
  'hub.message_id_reused': def<{ messageId: string }>(
    409,
    'Mã gói tin đã được dùng cho một gói tin khác',
    (p) => `Message id ${p.messageId} was already sent by this agency with other content; a new package needs a new message id`,
  ),
  'hub.message_not_found': def(404, 'Không tìm thấy gói tin', 'No such package for this agency'),
  'hub.unauthorized': def(401, 'Đơn vị chưa được xác thực trên trục', 'Unknown agency or wrong secret (X-Organ-Id, X-Secret)'),
  'hub.unknown_receiver': def<{ codes: string }>(
    422,
    'Mã định danh cơ quan nhận không có trên trục',
    (p) => `Unknown receiver organ code(s): ${p.codes}`,
  ),
  'incoming.already_registered': def<{ id: string }>(
    409,
    'Văn bản đã được vào sổ',
    (p) => `Incoming document ${p.id} is already registered`,
  ),
  'incoming.already_started': def(409, 'Đã bắt đầu xử lý', 'Work has already started'),
  'incoming.assignment_done': def(409, 'Phân công này đã hoàn thành', 'This assignment is already finished'),
  'incoming.assignment_inactive': def(409, 'Phân công này đã được thay thế', 'This assignment has been replaced by a re-assignment'),
  'incoming.invalid_state#refused_or_registered': def<{ id: string }>(
    409,
    'Văn bản đã vào sổ hoặc đã bị từ chối, không thể từ chối tiếp nhận',
    (p) => `Incoming document ${p.id} is already registered or refused`,
  ),
  'incoming.invalid_state#transition': def<{ status: IncomingStatus; wanted: IncomingAction }>(
    409,
    (p) => `Văn bản đang ở trạng thái ${incomingStatusVi[p.status]}, không thể ${incomingActionVi[p.wanted]}`,
    (p) => `The document is ${p.status}; it cannot be ${p.wanted} now`,
  ),
  'incoming.no_deadline': def(409, 'Văn bản để biết không có hạn xử lý', 'An information line has no deadline'),
  'incoming.no_ocr': def(409, 'Tệp này chưa có bản nhận dạng chữ (OCR)', 'This file has no searchable (OCR) copy'),
  'incoming.not_cooperating': def(409, 'Chỉ đơn vị phối hợp gửi ý kiến phối hợp', 'Only a cooperating unit or person posts input'),
  'incoming.not_discardable': def<{ channel: 'PAPER' | 'EMAIL' | 'AXIS' | 'HAND' | 'INTERNAL' }>(
    409,
    'Văn bản do cơ quan khác gửi qua hệ thống không huỷ được; hãy từ chối tiếp nhận để trả lại nơi gửi',
    (p) => `A document received over the system (channel ${p.channel}) cannot be discarded; refuse it so its sender is told`,
  ),
  'incoming.not_exchange': def(
    409,
    'Chỉ văn bản nhận qua trục liên thông mới trả lại được cho cơ quan gửi',
    'Only a document received over the exchange can be refused back to its sender',
  ),
  'incoming.not_lead': def(
    409,
    'Chỉ đơn vị chủ trì mới hoàn thành văn bản',
    'Only the lead completes the document; cooperating units post their input',
  ),
  'incoming.not_stamped': def(
    409,
    'Chỉ văn bản chính đã vào sổ mới có bản đóng dấu đến',
    'Only the main file of a registered document has a stamped copy',
  ),
  'incoming.probable_duplicate': def<{ label: string; issuerName: string; issueDate: string; duplicates: string }>(
    409,
    (p) => `Văn bản số ${p.label} của ${p.issuerName} ngày ${viDate(p.issueDate)} có thể đã được vào sổ`,
    (p) =>
      `A document with the same issuer, number/symbol and issue date was already received (${p.duplicates}); resend with confirmDuplicate: true to register it anyway`,
  ),
  'incoming.refused': def<{ id: string }>(
    409,
    'Văn bản đã bị từ chối tiếp nhận và trả lại cơ quan gửi',
    (p) => `Incoming document ${p.id} was refused and returned to its sender`,
  ),
  'incoming.register_scope#ordinary_document': def(
    422,
    'Văn bản thường không vào sổ văn bản mật',
    'Only secret documents go into a SECRET register',
  ),
  'incoming.register_scope#secret_document': def(
    422,
    'Văn bản mật phải vào sổ văn bản mật',
    'A secret document must go into a SECRET register (separate numbering)',
  ),
  'incoming.revoked': def<{ id: string; reason: string }>(
    409,
    'Văn bản đã bị cơ quan gửi thu hồi',
    (p) => `Incoming document ${p.id} was withdrawn by its sender: ${p.reason}`,
  ),
  internal: def(500, 'Lỗi hệ thống, vui lòng thử lại sau', 'Internal server error; see the server log for this request id'),
  'legal_hold.active': def<{ id: string; scope: string; placedAt: string; reason: string }>(
    409,
    'Hồ sơ, văn bản đang bị phong toả: không được di chuyển, hủy, xóa hay sửa đổi cho đến khi gỡ phong toả',
    (p) =>
      `Under legal hold ${p.id} on ${p.scope} since ${p.placedAt} (reason: ${p.reason}); nothing it covers may be moved, disposed of, deleted or changed until the hold is lifted`,
  ),
  'legal_hold.exists': def<{ id: string }>(
    409,
    'Đối tượng này đã đang bị phong toả',
    (p) => `A legal hold on this target is already in force (${p.id})`,
  ),
  'legal_hold.lifted': def<{ id: string; liftedAt: string }>(
    409,
    'Lệnh phong toả này đã được gỡ',
    (p) => `Legal hold ${p.id} was lifted on ${p.liftedAt}`,
  ),
  'organisation.cannot_dissolve_own': def(
    409,
    'Không thể giải thể cơ quan có tài khoản của chính mình',
    'You cannot dissolve the organisation your own account belongs to: it would disable your account',
  ),
  'organisation.dissolved': def<{ organisationId: string; validTo: string }>(
    409,
    'Cơ quan đã giải thể hoặc đã có ngày giải thể',
    (p) => `Organisation ${p.organisationId} is already dissolved (last day ${p.validTo})`,
  ),
  'outgoing.already_decided': def(409, 'Ý kiến này đã được ghi nhận', 'This decision was already recorded'),
  'outgoing.already_dispatched': def(409, 'Văn bản đã được phát hành', 'The document was already dispatched'),
  'outgoing.already_issued': def<{ numberAndSymbol: string }>(
    409,
    (p) => `Văn bản đã được ban hành (số ${p.numberAndSymbol})`,
    'The document is already issued',
  ),
  'outgoing.awaiting_seal': def(
    409,
    'Văn bản đang chờ ghi số và ký số của cơ quan',
    'The signed document awaits its number being added and the organisation’s seal signature (signing capability)',
  ),
  'outgoing.chain_unresolved': def<{ label: string; step: number }>(
    422,
    (p) => `Không xác định được người duyệt ở bước "${p.label}"`,
    (p) => `Nobody can take step ${p.step} ("${p.label}") of the chain`,
  ),
  'outgoing.no_chain': def<{ documentType: string }>(
    422,
    'Chưa có quy trình duyệt cho loại văn bản này',
    (p) => `No approval chain is defined for ${p.documentType} documents of this organisation; ask an administrator`,
  ),
  'outgoing.no_register#ordinary': def<{ registerId: string | undefined }>(
    422,
    'Chưa có sổ văn bản đi của cơ quan',
    (p) => `No active outgoing (DI) ALL register of the issuing organisation${p.registerId ? ` matches ${p.registerId}` : ''}`,
  ),
  'outgoing.no_register#secret': def<{ registerId: string | undefined }>(
    422,
    'Cần sổ văn bản đi mật của cơ quan',
    (p) => `No active outgoing (DI) SECRET register of the issuing organisation${p.registerId ? ` matches ${p.registerId}` : ''}`,
  ),
  'outgoing.not_approved': def(409, 'Văn bản chưa được duyệt, không thể ban hành', 'Only an approved and signed document can be issued'),
  'outgoing.not_awaiting_seal': def(
    409,
    'Văn bản không chờ ký số cơ quan',
    'Only an issued, digitally signed document not yet sealed can be marked sealed',
  ),
  'outgoing.not_awaiting_signature#mark_signed': def(
    409,
    'Văn bản không ở trạng thái chờ ký',
    'Only a document approved and awaiting signature can be marked signed',
  ),
  'outgoing.not_awaiting_signature#sign': def(
    409,
    'Văn bản không ở trạng thái chờ ký số',
    'Only a document approved and awaiting signature can be signed',
  ),
  'outgoing.not_editable': def(
    409,
    'Chỉ sửa được dự thảo chưa trình hoặc bị trả lại',
    'Only a draft or a draft returned for revision can be revised',
  ),
  'outgoing.not_in_review': def<{ status: string; wantedVi: string; wanted: string }>(
    409,
    (p) => `${outOfReview(p.status)[0]}, không thể ${p.wantedVi}`,
    (p) => `Cannot ${p.wanted}: ${outOfReview(p.status)[1]}`,
  ),
  'outgoing.not_issued': def(409, 'Văn bản chưa được ban hành (cấp số)', 'Only an issued document has a dispatch slip'),
  'outgoing.not_issued#issued_copy': def(409, 'Văn bản chưa được ban hành', 'Only an issued document has an issued copy'),
  'outgoing.not_issued#dispatch': def(409, 'Văn bản chưa được ban hành (cấp số)', 'Only an issued document can be dispatched'),
  'outgoing.not_manual_delivery': def<{ status: string }>(
    409,
    'Nơi nhận này được gửi trên hệ thống, không ghi nhận gửi ngoài hệ thống',
    (p) => `This recipient is reached electronically (delivery status ${p.status}); a send outside the system cannot be recorded`,
  ),
  'outgoing.not_signed#issue': def(
    409,
    'Văn bản chưa được ký số; chỉ ban hành khi đã ký, hoặc xác nhận đã ký tay trên bản giấy',
    'The document is not signed yet: issue after the digital signature, or declare a paper signature (paperSignature: true)',
  ),
  'outgoing.not_signed#no_signature': def(409, 'Văn bản chưa được ký số', 'The document has no digital signature yet'),
  'outgoing.not_submittable': def(
    409,
    'Văn bản đã được trình hoặc không còn là dự thảo',
    'Only a draft or a draft returned for revision can be submitted',
  ),
  'outgoing.not_your_turn': def<{ wantedVi: string; label: string; wanted: string; ordinal: number }>(
    409,
    (p) => `Chưa đến lượt bạn ${p.wantedVi} (đang ở bước "${p.label}")`,
    (p) => `Cannot ${p.wanted}: you have no pending decision at the current step ${p.ordinal} ("${p.label}")`,
  ),
  'outgoing.reply_not_open': def(
    409,
    'Văn bản không còn liên kết trả lời đang chờ',
    'No pending reply link to that incoming document (absent, or the handling was already completed)',
  ),
  'outgoing.reviewer_invalid': def(422, 'Người góp ý không thuộc cơ quan', 'extraReviewers names users outside the organisation'),
  'outgoing.reviewers_not_allowed': def(422, 'Quy trình này không cho phép thêm người góp ý', 'This chain does not allow adding reviewers'),
  'outgoing.separation_of_duties#separation_of_duties_the': def(
    403,
    'Người soạn thảo không được tự duyệt hoặc ký văn bản của mình',
    'Separation of duties: the author of a draft may not approve or sign it, in person or on behalf of someone else',
  ),
  'outgoing.separation_of_duties#separation_of_duties_whoever': def(
    403,
    'Người đã duyệt văn bản ở bước trước không được ký văn bản đó',
    'Separation of duties: whoever approved the draft at a review step may not sign it, in person or on behalf of someone else',
  ),
  'outgoing.stale_request': def(
    409,
    'Văn bản đã có phiên bản mới, hãy chuẩn bị ký lại',
    'The document has a newer version; prepare the signature again',
  ),
  'outgoing.step_not_optional': def(422, 'Chỉ bỏ qua được bước tùy chọn', 'skipOptionalSteps names a step that is not optional'),
  'permission_alert.confirmed': def<{ id: string; confirmedAt: string }>(
    409,
    'Thay đổi quyền này đã được xác nhận',
    (p) => `Alert ${p.id} was confirmed on ${p.confirmedAt}`,
  ),
  'permission_alert.own_change': def(
    409,
    'Không tự xác nhận thay đổi quyền do mình thực hiện hoặc của chính mình',
    'A change you made, or one to your own permissions, is confirmed by another confirmer',
  ),
  rate_limited: def(
    429,
    'Quá nhiều lần đăng nhập từ địa chỉ này. Vui lòng đợi một phút.',
    'Too many login attempts from this address. Wait a minute.',
  ),
  'reports.forbidden': def(403, 'Chỉ lãnh đạo cơ quan xem được báo cáo này', 'Only leaders of the organisation read its handling report'),
  'request.malformed_json': def(400, 'Dữ liệu JSON không đúng định dạng', 'The request body is not valid JSON'),
  'request.too_large#the_package_exceeds_bytes': def<{ maxBytes: number }>(
    413,
    'Dữ liệu gửi lên quá lớn',
    (p) => `The package exceeds ${p.maxBytes} bytes`,
  ),
  'request.too_large#the_request_body_is': def(413, 'Dữ liệu gửi lên quá lớn', 'The request body is too large'),
  'request.unsupported_encoding': def(415, 'Bảng mã không được hỗ trợ', 'Unsupported request encoding'),
  'role.already_granted': def(409, 'Người dùng đã có vai trò này', 'The user already holds this role there'),
  'role.cannot_revoke_own_admin': def(
    409,
    'Không thể tự thu hồi quyền quản trị của chính mình',
    'You cannot revoke your own administrator role',
  ),
  'route.not_found#no_api_route': def<{ method: string; originalUrl: string }>(
    404,
    'Không tìm thấy địa chỉ yêu cầu',
    (p) => `No API route ${p.method} ${p.originalUrl}`,
  ),
  'route.not_found#no_hub_route': def<{ method: string; path: string }>(
    404,
    'Không tìm thấy địa chỉ yêu cầu',
    (p) => `No hub route ${p.method} ${p.path}`,
  ),
  'saved_search.duplicate_name': def<{ name: string }>(
    409,
    (p) => `Bạn đã có một tìm kiếm lưu với tên “${p.name}”`,
    'You already have a saved search with this name',
  ),
  'service.unavailable': def(
    503,
    'Hệ thống tạm thời gián đoạn, vui lòng thử lại sau ít phút',
    'The queue and throttling store (Redis) is unreachable; try again shortly',
  ),
  'signature_image.required': def(422, 'Chưa chọn tệp ảnh chữ ký', 'Send the signature image in the multipart field "image"'),
  'signing.bad_certificate#a_certificate_cannot_be': def<{ message: string }>(
    422,
    'Không đọc được chứng thư số gửi lên',
    (p) => `A certificate cannot be parsed: ${p.message}`,
  ),
  'signing.bad_certificate#send_the_certificate_chain': def(
    422,
    'Không đọc được chứng thư số gửi lên',
    'Send the certificate chain as PEM or base64 DER, the signer’s certificate first',
  ),
  'signing.bad_key_file#the_pkcs_12_holds': def(422, 'Tệp khóa ký không hợp lệ', 'The PKCS#12 holds no certificate for its key'),
  'signing.bad_key_file#unreadable_pkcs_12': def<{ message: string }>(
    422,
    'Tệp khóa ký không hợp lệ',
    (p) => `Unreadable PKCS#12: ${p.message}`,
  ),
  'signing.bad_page#signature': def<{ page: number; pages: number }>(
    422,
    'Trang đặt chữ ký không tồn tại',
    (p) => `Page ${p.page} does not exist (the PDF has ${p.pages})`,
  ),
  'signing.bad_page#stamp': def<{ page: number }>(422, 'Trang đặt nội dung không tồn tại', (p) => `Page ${p.page} does not exist`),
  'signing.certificate_not_valid': def<{ notBefore: string; notAfter: string }>(
    422,
    'Chứng thư số đã hết hạn hoặc chưa có hiệu lực',
    (p) => `The signing certificate is valid from ${p.notBefore} to ${p.notAfter}`,
  ),
  'signing.certificate_not_valid#the_signing_certificate_is': def<{ notBefore: string; notAfter: string }>(
    422,
    'Chứng thư số đã hết hạn hoặc chưa có hiệu lực',
    (p) => `The signing certificate is valid from ${p.notBefore} to ${p.notAfter}`,
  ),
  'signing.encrypted_pdf': def(422, 'Không ký được tệp PDF có mật khẩu', 'Password-protected PDFs cannot be signed'),
  'signing.field_exists': def<{ fieldName: string }>(
    409,
    'Tên trường chữ ký đã tồn tại',
    (p) => `The PDF already has a field named "${p.fieldName}"`,
  ),
  'signing.in_progress': def(409, 'Văn bản đang được ký số', 'A signature of this document is being completed'),
  'signing.invalid_cms#not_a_cms_signeddata': def<{ message: string }>(
    422,
    'Chữ ký số gửi lên không hợp lệ',
    (p) => `Not a CMS SignedData: ${p.message}`,
  ),
  'signing.invalid_cms#the_cms_does_not': def(422, 'Chữ ký số gửi lên không hợp lệ', 'The CMS does not carry the signer certificate'),
  'signing.invalid_cms#the_cms_has_no': def(422, 'Chữ ký số gửi lên không hợp lệ', 'The CMS has no signed attributes with a messageDigest'),
  'signing.invalid_cms#the_cms_is_bytes': def<{ length: number; room: number }>(
    422,
    'Chữ ký số gửi lên không hợp lệ',
    (p) => `The CMS is ${p.length} bytes; at most ${p.room} fit in the placeholder`,
  ),
  'signing.invalid_cms#the_cms_messagedigest_is': def(
    422,
    'Chữ ký số gửi lên không hợp lệ',
    'The CMS messageDigest is not the digest of the prepared PDF',
  ),
  'signing.invalid_cms#the_cms_signature_does': def<{ message: string | undefined }>(
    422,
    'Chữ ký số gửi lên không hợp lệ',
    (p) => `The CMS signature does not verify: ${p.message}`,
  ),
  'signing.no_key': def<{ who: string; file: string }>(
    422,
    'Chưa có khóa ký số (chứng thư số) cho người/cơ quan này',
    (p) => `No signing key for ${p.who} (${p.file} is missing; run npm run certs:dev in development)`,
  ),
  'signing.not_pdf': def(422, 'Tệp không phải PDF', 'The file is not a PDF'),
  'signing.request_used': def(
    409,
    'Yêu cầu ký số này đã được sử dụng',
    'This signing request has been completed already; prepare a new one',
  ),
  'signing.signature_mismatch#cms_does_not_verify': def(
    422,
    'Chữ ký số gửi lên không khớp với chứng thư số hoặc nội dung cần ký',
    'The CMS signature does not verify over the signed attributes returned by prepare (sign exactly toBeSigned, RSASSA-PKCS1-v1_5 with SHA-256)',
  ),
  'signing.signature_mismatch#does_not_verify': def(
    422,
    'Chữ ký số gửi lên không khớp với chứng thư số hoặc nội dung cần ký',
    'The signature does not verify with the presented certificate over toBeSigned (RSASSA-PKCS1-v1_5 with SHA-256)',
  ),
  'signing.signature_mismatch#empty': def(
    422,
    'Chữ ký số gửi lên không khớp với chứng thư số hoặc nội dung cần ký',
    'The signature is empty',
  ),
  'signing.signature_mismatch#other_certificate': def(
    422,
    'Chữ ký số gửi lên không khớp với chứng thư số hoặc nội dung cần ký',
    'The CMS is signed with another certificate than the one presented at prepare',
  ),
  'signing.tsa_error': def<{ status: number }>(
    502,
    'Dịch vụ cấp dấu thời gian báo lỗi',
    (p) => `The timestamping authority answered HTTP ${p.status}`,
  ),
  'signing.tsa_rejected': def<{ status: number }>(
    502,
    'Dịch vụ cấp dấu thời gian từ chối yêu cầu',
    (p) => `The timestamping authority refused the request (status ${p.status})`,
  ),
  'signing.tsa_unreachable': def<{ url: string; message: string }>(
    502,
    'Không kết nối được dịch vụ cấp dấu thời gian',
    (p) => `The timestamping authority at ${p.url} did not answer: ${p.message}`,
  ),
  'signing.unreadable_pdf': def<{ message: string }>(422, 'Không đọc được tệp PDF', (p) => `The PDF cannot be parsed: ${p.message}`),
  'signing.untrusted_certificate': def<{ reason: string }>(
    422,
    'Chứng thư số không thuộc tổ chức chứng thực được tin cậy',
    (p) => `The certificate does not chain to a trusted root: ${p.reason}`,
  ),
  'signing.weak_key': def<{ bits: number }>(
    422,
    'Khóa ký quá yếu (cần RSA từ 2048 bit)',
    (p) => `The signing key is RSA-${p.bits}; at least 2048 bits are required`,
  ),
  'signing.weak_key#only_rsa_signing_certificates': def(
    422,
    'Chỉ hỗ trợ khóa ký RSA',
    'Only RSA signing certificates are supported (RSASSA-PKCS1-v1_5)',
  ),
  'signing.weak_key#the_signing_key_is': def<{ bits: number }>(
    422,
    'Khóa ký quá yếu (cần RSA từ 2048 bit)',
    (p) => `The signing key is RSA-${p.bits}; at least 2048 bits are required`,
  ),
  'signing.wrong_passphrase': def(422, 'Mật khẩu khóa ký không đúng', 'The passphrase does not unlock the signing key (PKCS#12)'),
  'ocsp.request_too_large': def<{ limit: number }>(413, 'Yêu cầu quá lớn', (p) => `An OCSPRequest is at most ${p.limit} bytes`),
  'ocsp.unavailable': def<{ PKI_DIR: string }>(
    503,
    'Dịch vụ kiểm tra trạng thái chứng thư số chưa được cấu hình',
    (p) => `No OCSP responder certificate in ${p.PKI_DIR}: run npm run certs:dev`,
  ),
  'ocsp.unsupported_type': def(415, 'Sai kiểu dữ liệu', 'Send a DER OCSPRequest as application/ocsp-request'),
  // A file the database records but the blob store no longer holds: the server's fault, not the caller's; the
  // integrity check (integrity/service.ts) lists such files for the administrators.
  'storage.file_missing': def(
    500,
    'Không tìm thấy nội dung tệp trong kho lưu trữ; đề nghị báo quản trị hệ thống',
    'The file is recorded but its content is missing from the blob store; the integrity check lists such files',
  ),
  'tsa.request_too_large': def<{ limit: number }>(413, 'Yêu cầu quá lớn', (p) => `A TimeStampReq is at most ${p.limit} bytes`),
  'tsa.unavailable': def<{ PKI_DIR: string }>(
    503,
    'Dịch vụ cấp dấu thời gian chưa được cấu hình',
    (p) => `No TSA certificate in ${p.PKI_DIR}: run npm run certs:dev`,
  ),
  'tsa.unsupported_type': def(415, 'Sai kiểu dữ liệu', 'Send a DER TimeStampReq as application/timestamp-query'),
  'unit.abbrev_taken': def<{ abbrev: string }>(
    409,
    (p) => `Ký hiệu đơn vị "${p.abbrev}" đã được dùng trong cơ quan này`,
    (p) => `Unit abbreviation "${p.abbrev}" is already used in this organisation`,
  ),
  'upload.empty': def<{ name: string }>(
    422,
    (p) => `Tệp "${p.name}" không có nội dung`,
    (p) => `"${p.name}" is empty`,
  ),
  'upload.file_too_large': def<{ mb: number }>(
    413,
    (p) => `Tệp vượt quá dung lượng cho phép (${p.mb} MB)`,
    (p) => `A file exceeds the ${p.mb} MiB limit`,
  ),
  'upload.invalid': def<{ message: string }>(422, 'Dữ liệu gửi lên không hợp lệ', (p) => `Invalid multipart upload: ${p.message}`),
  'upload.main_required': def(422, 'Cần gửi một tệp PDF', 'Send the PDF in the multipart field "main"'),
  'upload.main_required#draft': def(
    422,
    'Cần gửi kèm đúng một tệp dự thảo chính (PDF)',
    'Send exactly one "main" file (the draft, as PDF)',
  ),
  'upload.main_required#incoming': def(
    422,
    'Cần gửi kèm đúng một tệp văn bản chính (PDF hoặc ảnh quét)',
    'Send exactly one "main" file (the document, as PDF or a scanned image)',
  ),
  'upload.malformed': def<{ message: string }>(
    400,
    'Dữ liệu tải lên bị lỗi, vui lòng gửi lại',
    (p) => `Malformed multipart request: ${p.message}`,
  ),
  'upload.pdf_encrypted': def<{ name: string }>(
    422,
    (p) => `Tệp "${p.name}" được đặt mật khẩu hoặc mã hóa, không thể tiếp nhận`,
    (p) => `"${p.name}" is an encrypted PDF; ask the sender for an unprotected copy`,
  ),
  'upload.pdf_invalid': def<{ name: string }>(
    422,
    (p) => `Tệp "${p.name}" bị hỏng hoặc không phải tệp PDF hợp lệ`,
    (p) => `"${p.name}" is a damaged or incomplete PDF`,
  ),
  'upload.too_many_files': def<{ maxFiles: number }>(
    413,
    (p) => `Chỉ được gửi tối đa ${p.maxFiles} tệp`,
    (p) => `At most ${p.maxFiles} files per upload`,
  ),
  'upload.type_mismatch': def<{
    name: string;
    mediaType:
      | 'application/pdf'
      | 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
      | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      | 'application/vnd.oasis.opendocument.text'
      | 'image/png'
      | 'image/jpeg'
      | 'image/tiff';
    ext: string;
  }>(
    415,
    (p) => `Tên tệp "${p.name}" không khớp với nội dung thực (${p.mediaType})`,
    (p) => `"${p.name}" is named .${p.ext} but its content is ${p.mediaType}`,
  ),
  'upload.unexpected_file': def<{ field: string | undefined; Object: string }>(
    422,
    'Tệp gửi lên không đúng trường dữ liệu',
    (p) => `Unexpected file field "${p.field}": expected ${p.Object}`,
  ),
  'upload.unreadable_image': def<{ originalName: string; message: string }>(
    422,
    (p) => `Ảnh "${p.originalName}" bị hỏng hoặc không đọc được`,
    (p) => `"${p.originalName}": ${p.message}`,
  ),
  'upload.unsupported_type#has_an_unsupported_content': def<{
    name: string;
    allowedVi: string;
    mediaType: string | undefined;
    allowedEn: string;
  }>(
    415,
    (p) => `Tệp "${p.name}" không đúng định dạng (${p.allowedVi})`,
    (p) => `"${p.name}" has an unsupported content type${p.mediaType ? ` (${p.mediaType})` : ''}: ${p.allowedEn}`,
  ),
  'upload.unsupported_type#img2pdf_is_not_installed': def(
    415,
    `Máy chủ chưa cài img2pdf: chưa nhận được ảnh TIFF làm văn bản chính`,
    `img2pdf is not installed: a TIFF cannot be the main document here (send it as a PDF)`,
  ),
  'upload.unsupported_type#is_not_a_pdf': def<{ originalName: string }>(
    415,
    (p) => `Tệp "${p.originalName}" không phải PDF`,
    (p) => `"${p.originalName}" is not a PDF`,
  ),
  'upload.unsupported_type#the_signature_image_must': def<{
    name: string;
    mediaType:
      | 'application/pdf'
      | 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
      | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      | 'application/vnd.oasis.opendocument.text'
      | 'image/png'
      | 'image/jpeg'
      | 'image/tiff'
      | 'not a recognised image';
  }>(
    415,
    (p) => `Ảnh chữ ký phải là tệp PNG hoặc JPEG ("${p.name}")`,
    (p) => `The signature image must be PNG or JPEG; "${p.name}" is ${p.mediaType}`,
  ),
  'user.cannot_disable_self': def(409, 'Không thể tự khóa tài khoản của chính mình', 'You cannot disable your own account'),
  'user.username_taken': def<{ username: string }>(
    409,
    (p) => `Tên đăng nhập "${p.username}" đã tồn tại`,
    (p) => `Username "${p.username}" is already taken`,
  ),
  'validation#a_reason_is_required': def(422, 'Cần nêu lý do khi giao lại', 'A reason is required to re-assign'),
  'validation#an_assigned_unit_or': def(
    422,
    'Đơn vị, người hoặc cơ quan được giao không thuộc cơ quan nhận văn bản hay các cơ quan trực thuộc',
    'An assigned unit or person is not part of the receiving organisation (or its office), or an assigned organisation is not below it',
  ),
  'validation#enddate_is_before_the': def<{ endDate: string; startDate: string }>(
    422,
    'Ngày kết thúc phải sau ngày bắt đầu',
    (p) => `endDate ${p.endDate} is before the start date ${p.startDate}`,
  ),
  'validation#from_must_not_be': def(400, 'Ngày bắt đầu phải trước ngày kết thúc', '"from" must not be after "to"'),
  'validation#heading_is_not_in': def<{ headingId: string; year: number; organisationId: string }>(
    422,
    'Đề mục không thuộc danh mục năm này',
    (p) => `Heading ${p.headingId} is not in the ${p.year} catalogue of ${p.organisationId}`,
  ),
  'validation#lastday_is_before_the': def(
    422,
    'Ngày giải thể phải sau ngày thành lập',
    'lastDay is before the organisation was established',
  ),
  'validation#leaderid_is_not_a': def(
    422,
    'Người nhận trình không phải lãnh đạo của cơ quan',
    'leaderId is not a leader of the receiving organisation',
  ),
  'validation#move_to_a_different': def(422, 'Chọn một hồ sơ khác', 'Move to a different case file'),
  'validation#recipients': def<{ ordinal: number; what: string }>(
    422,
    'Nơi nhận không hợp lệ',
    (p) => `recipients.${p.ordinal}: ${p.what}`,
  ),
  'validation#register_is_not_an': def<{ registerId: string }>(
    422,
    'Sổ văn bản đến không hợp lệ',
    (p) => `Register ${p.registerId} is not an active incoming register of the receiving organisation`,
  ),
  'validation#replyto_not_a_registered': def<{ i: number }>(
    422,
    'Văn bản được trả lời không phải văn bản đến đã vào sổ của cơ quan',
    (p) => `replyTo.${p.i}: not a registered incoming document of the issuing organisation that you may open`,
  ),
  'validation#send_at_most_one': def(422, 'Chỉ gửi một tệp nguồn', 'Send at most one "source" file'),
  'validation#send_the_package_as': def(422, 'Cần gửi kèm gói hồ sơ (ZIP)', 'Send the package as multipart field "package"'),
  'validation#senton_is_before_the': def(422, 'Ngày gửi không được trước ngày ban hành văn bản', 'sentOn is before the issue date'),
  'validation#senton_is_in_the': def(422, 'Ngày gửi không được sau ngày hôm nay', 'sentOn is in the future'),
  'validation#startdate_is_after_the': def(422, 'Ngày bắt đầu phải trước ngày kết thúc', 'startDate is after the end date'),
  'validation#the_deadline_cannot_be': def(422, 'Hạn xử lý không được trước ngày hôm nay', 'The deadline cannot be in the past'),
  'validation#the_deputy_must_be': def(
    422,
    'Người được ủy quyền phải là người khác trong cùng cơ quan',
    'The deputy must be another active user of your organisation',
  ),
  'validation#not_in_assigned_unit': def(
    422,
    'Chuyên viên không thuộc đơn vị được giao',
    'The person is not a member of the assigned unit',
  ),
  'validation#not_in_receiving_organisation': def(
    422,
    'Người được cấp quyền không thuộc cơ quan nhận văn bản',
    'The person is not a member of the receiving organisation',
  ),
  'validation#the_same_unit_or': def(
    422,
    'Một đơn vị hoặc người được giao hai lần',
    'The same unit or person appears twice in the assignment',
  ),
  'validation#the_specialist_s_deadline': def(
    422,
    'Hạn giao chuyên viên không được sau hạn của đơn vị',
    "The specialist's deadline cannot be after the unit's",
  ),
  'validation#todate_is_before_fromdate': def(422, 'Ngày kết thúc phải sau ngày bắt đầu', 'toDate is before fromDate'),
  'validation#unit_does_not_belong': def<{ unitId: string; organisationId: string }>(
    422,
    'Đơn vị không thuộc cơ quan đã chọn',
    (p) => `Unit ${p.unitId} does not belong to organisation ${p.organisationId}`,
  ),
  'validation#unit_is_not_in': def<{ unitId: string; orgId: string }>(
    422,
    'Đơn vị không thuộc cơ quan',
    (p) => `Unit ${p.unitId} is not in ${p.orgId}`,
  ),
  'validation#user_is_not_an': def<{ userId: string; organisationId: string }>(
    422,
    'Người lập hồ sơ phải là cán bộ của cơ quan',
    (p) => `User ${p.userId} is not an active member of ${p.organisationId}`,
  ),
  'validation#userid_must_be_another': def(
    422,
    'Người nhận chuyển không hợp lệ',
    'userId must be another active user of the organisation who has no pending part in this step',
  ),
  'validation#you_are_a_clerk': def(422, 'Hãy chọn cơ quan nhận văn bản', 'You are a clerk of several organisations: give organisationId'),
};

export type ProblemKey = keyof typeof problems;
type ParamsOf<K extends ProblemKey> = (typeof problems)[K] extends Entry<infer P> ? P : never;
/** The parameters of `key`'s texts: required when the texts take any. */
export type ParamArgs<K extends ProblemKey> = keyof ParamsOf<K> extends never ? [params?: ParamsOf<K>] : [params: ParamsOf<K>];
interface Extras {
  errors?: FieldError[];
  /** The field at fault: `errors` names it with the detail. */
  field?: string;
  headers?: Record<string, string>;
  /** The state the failure depends on, appended in brackets (e.g. "hồ sơ đã nộp lưu" / "the case file is TRANSFERRED"). */
  context?: { vi?: string; en: string };
}

/** The Problem declared under `key`, its texts filled with `params`. */
export function problem<K extends ProblemKey>(
  key: K,
  ...[params, extras]: keyof ParamsOf<K> extends never ? [params?: ParamsOf<K>, extras?: Extras] : [params: ParamsOf<K>, extras?: Extras]
): Problem {
  return problemOf(key, params, extras);
}

/** `problem` for helpers that are generic over the key (their own signature checks the parameters). */
export function problemOf(key: ProblemKey, params: unknown, extras: Extras = {}): Problem {
  const entry = problems[key] as Entry<unknown>;
  const { context } = extras;
  const title = entry.title(params) + (context?.vi ? ` (${context.vi})` : '');
  const detail = entry.detail(params) + (context ? ` (${context.en})` : '');
  const errors = extras.errors ?? (extras.field ? [{ path: extras.field, message: detail }] : undefined);
  return new Problem(entry.status, key.split('#')[0], title, detail, errors, extras.headers);
}
