<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="">
  <context>
    <name>messages</name>
    <message>
      <source>--db is empty: give a database URL such as sqlite:///PATH</source>
      <translation>--db 为空：请给出数据库地址，如 sqlite:///路径</translation>
    </message>
    <message>
      <source>{name}={text!r}: give a whole number, at least {least}</source>
      <translation>{name}={text!r}：请填写不小于 {least} 的整数</translation>
    </message>
    <message>
      <source>{name}={text!r} is not a time zone (e.g. Asia/Shanghai)</source>
      <translation>{name}={text!r} 不是时区（如 Asia/Shanghai）</translation>
    </message>
    <message>
      <source>application: '{field}' {problem}</source>
      <translation>{field}：{problem}</translation>
    </message>
    <message>
      <source>must be at most 30 characters</source>
      <translation>最多 30 个字</translation>
    </message>
    <message>
      <source>must be letters or Chinese characters (and · between parts)</source>
      <translation>只能是汉字或字母（各部分之间可用 ·）</translation>
    </message>
    <message>
      <source>must be an amount in yuan, as a string such as "5999.00"</source>
      <translation>应为以元为单位的金额，如 5999.00</translation>
    </message>
    <message>
      <source>must be a string of 18 characters</source>
      <translation>应为 18 位</translation>
    </message>
    <message>
      <source>application: the file must hold one JSON object</source>
      <translation>申请文件应为一个 JSON 对象</translation>
    </message>
    <message>
      <source>application: '{name}' must be an object</source>
      <translation>申请中的「{name}」应为一个对象</translation>
    </message>
    <message>
      <source>application: '{field}' is missing</source>
      <translation>请填写{field}</translation>
    </message>
    <message>
      <source>application: '{field}' is not a field of an application</source>
      <translation>「{field}」不是申请中的项目</translation>
    </message>
    <message>
      <source>application: '{field}' = {shown} is not one of {expected}</source>
      <translation>{field} {shown} 无效，可选：{expected}</translation>
    </message>
    <message>
      <source>application: '{field}' must be a whole number</source>
      <translation>{field}应为整数</translation>
    </message>
    <message>
      <source>application: '{field}' = {shown} is not a date (YYYY-MM-DD)</source>
      <translation>{field} {shown} 不是日期（年-月-日）</translation>
    </message>
    <message>
      <source>application: '{field}' = {shown} is not a mainland mobile number (11 digits)</source>
      <translation>{field} {shown} 不是大陆手机号（11 位数字）</translation>
    </message>
    <message>
      <source>application: {problem}</source>
      <translation>{problem}</translation>
    </message>
    <message>
      <source>holds characters that are not text</source>
      <translation>含有无法识别的字符</translation>
    </message>
    <message>
      <source>gives the customer's own phone as the emergency contact</source>
      <translation>不能填写客户本人的手机号作为紧急联系人电话</translation>
    </message>
    <message>
      <source>needs either 'sku' or 'price'</source>
      <translation>需要商品 SKU 或售价之一</translation>
    </message>
    <message>
      <source>'customer.birth_date' is in the future</source>
      <translation>出生日期晚于今天</translation>
    </message>
    <message>
      <source>the card's validity {valid_from} – {valid_to} is not lawful: a card issued at age {age} is valid for {years} years (5 under 16, 10 from 16, 20 from 26, long-term from 46)</source>
      <translation>身份证有效期限 {valid_from} – {valid_to} 不合法：{age} 周岁时签发的身份证有效期为 {years} 年（未满 16 周岁 5 年，16 至 25 周岁 10 年，26 至 45 周岁 20 年，46 周岁起长期）：请核对证件</translation>
    </message>
    <message>
      <source>the card's issue date {valid_from} is in the future</source>
      <translation>身份证签发日期 {valid_from} 晚于今天：请核对证件</translation>
    </message>
    <message>
      <source>the card's validity {valid_from} – {valid_to} is not lawful: a card issued at age {age} is long-term (长期) (5 years under 16, 10 from 16, 20 from 26, long-term from 46)</source>
      <translation>身份证有效期限 {valid_from} – {valid_to} 不合法：{age} 周岁时签发的身份证为长期有效（未满 16 周岁 5 年，16 至 25 周岁 10 年，26 至 45 周岁 20 年，46 周岁起长期）：请核对证件</translation>
    </message>
    <message>
      <source>a long-term (长期) card is issued from the age of 46 only: the holder is {age}</source>
      <translation>长期有效的身份证只签发给 46 周岁及以上的人，持证人现年 {age} 周岁：请核对有效期限</translation>
    </message>
    <message>
      <source>UNKNOWN_CHANNEL: {channel} is not a contact channel ({channels})</source>
      <translation>UNKNOWN_CHANNEL（未知渠道）：{channel} 不是允许的联系方式（可选 {channels}）</translation>
    </message>
    <message>
      <source>UNKNOWN_TEMPLATE: no message template {code}: say only what a template says</source>
      <translation>UNKNOWN_TEMPLATE（无此模板）：没有话术模板 {code}：只能使用规定模板的内容</translation>
    </message>
    <message>
      <source>CUSTOMER_ONLY: contact the customer, or their emergency contact</source>
      <translation>CUSTOMER_ONLY（仅限本人）：只能联系客户本人或其紧急联系人</translation>
    </message>
    <message>
      <source>CUSTOMER_ONLY: an emergency contact is only asked to pass on a message, never told of the debt; the customer gets the customer's templates</source>
      <translation>CUSTOMER_ONLY（仅限本人）：紧急联系人只能请其转告，不得告知欠款；欠款信息只能告知客户本人</translation>
    </message>
    <message>
      <source>QUIET_HOURS: no contact between {start} and {end}</source>
      <translation>QUIET_HOURS（休息时间）：{start} 至 {end} 不得联系</translation>
    </message>
    <message>
      <source>DAILY_LIMIT: already {count} contact attempts on this contract today (at most {limit})</source>
      <translation>DAILY_LIMIT（每日上限）：该合同今天已联系 {count} 次（最多 {limit} 次）</translation>
    </message>
    <message>
      <source>CONTRACT_CLOSED: contract {number} is {status}: nothing is owed, no one is contacted</source>
      <translation>CONTRACT_CLOSED：合同 {number} 状态为{status}，已无欠款，不得联系客户</translation>
    </message>
    <message>
      <source>NO_EMERGENCY_CONTACT: the customer of contract {number} gave no emergency contact</source>
      <translation>NO_EMERGENCY_CONTACT：合同 {number} 的客户未留紧急联系人</translation>
    </message>
    <message>
      <source>STAGE: {code} is a reminder before the due date; the oldest unpaid instalment is {days} days late</source>
      <translation>STAGE：{code} 是到期前的提醒；最早一期未还款已逾期 {days} 天</translation>
    </message>
    <message>
      <source>STAGE: {code} only once an instalment is overdue past the {grace} grace days (the oldest unpaid one is {days} days late)</source>
      <translation>STAGE：{code} 只能在逾期超过 {grace} 天宽限期后使用（最早一期未还款逾期 {days} 天）</translation>
    </message>
    <message>
      <source>STAGE: {code} only from the {least} step of the contract's collection steps; it is at {step} (the oldest unpaid instalment is {days} days late)</source>
      <translation>STAGE：{code} 须到合同催收步骤的 {least} 阶段才可使用；目前处于 {step} 阶段（最早一期未还款已逾期 {days} 天）</translation>
    </message>
    <message>
      <source>'{shown}' is not a contract number such as SH001-T1-20261123-0001</source>
      <translation>「{shown}」不是合同编号（如 SH001-T1-20261123-0001）</translation>
    </message>
    <message>
      <source>this sale was saved by another version of the program and cannot be resumed: start it again</source>
      <translation>这笔销售由其他版本的程序保存，无法继续：请重新开始</translation>
    </message>
    <message>
      <source>ID number {text!r} is not valid: it must be 17 digits and a check digit (0–9 or X)</source>
      <translation>身份证号“{text}”无效：应为 18 位，前 17 位为数字，最后一位为数字或 X</translation>
    </message>
    <message>
      <source>ID number {text!r} is not valid: the check digit is wrong</source>
      <translation>身份证号“{text}”无效：校验码不对，请逐位核对</translation>
    </message>
    <message>
      <source>ID number {text!r} is not valid: the birth date {born} is in the future</source>
      <translation>身份证号“{text}”无效：其中的出生日期 {born} 晚于今天</translation>
    </message>
    <message>
      <source>ID number {text!r} is not valid: the birth date {born} is more than {years} years ago</source>
      <translation>身份证号“{text}”无效：其中的出生日期 {born} 早于 {years} 年前</translation>
    </message>
    <message>
      <source>ID number {text!r} is not valid: the region code {code} is in no edition of GB/T 2260</source>
      <translation>身份证号“{text}”无效：地区码 {code} 不在任何一版 GB/T 2260 中</translation>
    </message>
    <message>
      <source>ID number {text!r} is not valid: {digits} is not a real birth date</source>
      <translation>身份证号“{text}”无效：{digits} 不是真实的出生日期</translation>
    </message>
    <message>
      <source>{field}: '{text}' is not an amount in yuan (digits, e.g. 100 or 99.50)</source>
      <translation>{field}：“{text}”不是以元为单位的金额（请只写数字，如 100 或 99.50）</translation>
    </message>
    <message>
      <source>{field}: '{text}' must be between 0 and {MAX_AMOUNT:,.0f} yuan</source>
      <translation>{field}：「{text}」应在 0 至 {MAX_AMOUNT:,.0f} 元之间</translation>
    </message>
    <message>
      <source>{field}: '{text}' has more than two decimals (amounts are in yuan.fen)</source>
      <translation>{field}：「{text}」小数超过两位（金额精确到分）</translation>
    </message>
    <message>
      <source>paid instalments must be between 0 and {term}</source>
      <translation>已还期数应在 0 至 {term} 之间</translation>
    </message>
    <message>
      <source>the contract is already fully paid</source>
      <translation>该合同已全部还清</translation>
    </message>
    <message>
      <source>payoff date {on} is before the contract date {start}</source>
      <translation>结清日期 {on} 早于合同日期 {start}</translation>
    </message>
    <message>
      <source>instalment {current_n} fell due on {current_due_date} and is unpaid: settle it with its late fee before paying off early</source>
      <translation>第 {current_n} 期已于 {current_due_date} 到期未还：请先连同滞纳金还清该期，再办理提前结清</translation>
    </message>
    <message>
      <source>overdue amount cannot be negative (got {overdue_amount})</source>
      <translation>逾期金额不能为负（{overdue_amount}）</translation>
    </message>
    <message>
      <source>price must be more than 0 (got {cart_price})</source>
      <translation>售价应大于 0（现为 {cart_price}）</translation>
    </message>
    <message>
      <source>trade-in credit cannot be negative</source>
      <translation>以旧换新抵扣不能为负</translation>
    </message>
    <message>
      <source>down payment cannot be negative</source>
      <translation>首付不能为负</translation>
    </message>
    <message>
      <source>trade-in credit {cart_trade_in_credit} is more than the price {cart_price}</source>
      <translation>以旧换新抵扣 {cart_trade_in_credit} 超过售价 {cart_price}</translation>
    </message>
    <message>
      <source>down payment {cart_down_payment} is more than the {left} left to pay after trade-in</source>
      <translation>首付 {cart_down_payment} 超过抵扣后应付的 {left}</translation>
    </message>
    <message>
      <source>nothing to finance: trade-in and down payment cover the whole price</source>
      <translation>无需分期：以旧换新和首付已覆盖全部售价</translation>
    </message>
    <message>
      <source>financed amount {cart_financed} is below the minimum {table_min_financed} for installments: lower the down payment</source>
      <translation>分期金额 {cart_financed} 低于最低 {table_min_financed}：请降低首付</translation>
    </message>
    <message>
      <source>financed amount {cart_financed} is above the per-sale limit {table_max_financed}: raise the down payment</source>
      <translation>分期金额 {cart_financed} 超过单笔上限 {table_max_financed}：请提高首付</translation>
    </message>
    <message>
      <source>{method_label} {offer_term} 期 at rate {offer_rate} has a true annual rate of {apr}, above the {cap} cap</source>
      <translation>{method_label} {offer_term} 期（费率 {offer_rate}）的实际年化利率为 {apr}，超过 {cap} 的上限</translation>
    </message>
    <message>
      <source>term {term} is not offered for {method} (offered: {listed})</source>
      <translation>{method} 不提供 {term} 期（可选：{listed}）</translation>
    </message>
    <message>
      <source>{method} {term} months is a promotion that does not apply to {which}</source>
      <translation>{method} {term} 期是促销方案，不适用于 {which}</translation>
    </message>
    <message>
      <source>rate {rate} is outside the allowed {low}–{high} for {method}</source>
      <translation>费率 {rate} 超出 {method} 允许的 {low}–{high}</translation>
    </message>
    <message>
      <source>no plan in the rate table matches: check --term and --method</source>
      <translation>费率表中没有匹配的方案：请检查期数和还款方式</translation>
    </message>
    <message>
      <source>interest-free plans take no rate</source>
      <translation>免息方案不设费率</translation>
    </message>
    <message>
      <source>rate table {where}: '{key}' must be a decimal written as a string</source>
      <translation>费率表 {where}：「{key}」应为以字符串书写的小数</translation>
    </message>
    <message>
      <source>rate table {where}: '{key}' = '{raw}' is not a decimal</source>
      <translation>费率表 {where}：「{key}」=「{raw}」不是小数</translation>
    </message>
    <message>
      <source>rate table: 'version' is missing</source>
      <translation>费率表缺少版本号</translation>
    </message>
    <message>
      <source>rate table: no offers</source>
      <translation>费率表中没有任何方案</translation>
    </message>
    <message>
      <source>rate table {where}: '{key}' must be a whole number 0–30</source>
      <translation>费率表 {where}：“{key}”须为 0–30 的整数</translation>
    </message>
    <message>
      <source>rate table {where}: {low_key} {low} is above {high_key} {high}</source>
      <translation>费率表 {where}：{low_key} {low} 高于 {high_key} {high}</translation>
    </message>
    <message>
      <source>rate table {where}: '{key}' = {cap} must be above 0 and at most {ceiling} (the law's 36 % ceiling on a true annual rate)</source>
      <translation>费率表 {where}：“{key}” = {cap} 须大于 0 且不超过 {ceiling}（法律对实际年利率 36% 的上限）</translation>
    </message>
    <message>
      <source>rate table {where}: '{key}' = {value} must be yuan in whole fen, 0 or more</source>
      <translation>费率表 {where}：“{key}” = {value} 须为精确到分、不小于 0 的金额（元）</translation>
    </message>
    <message>
      <source>rate table {where}: '{key}' = {value} must be a rate from 0 to below 1</source>
      <translation>费率表 {where}：“{key}” = {value} 须为 0 至小于 1 的费率</translation>
    </message>
    <message>
      <source>rate table {where}: 'term' must be a whole number of months</source>
      <translation>费率表 {where}：期数应为整数月</translation>
    </message>
    <message>
      <source>rate table {where}: rate {rate} is outside the bounds {low}–{high}</source>
      <translation>费率表 {where}：费率 {rate} 超出 {low}–{high}</translation>
    </message>
    <message>
      <source>rate table: unknown method '{name}' in rate_bounds</source>
      <translation>费率表：未知的还款方式「{name}」</translation>
    </message>
    <message>
      <source>rate table {where}: unknown method '{value}'</source>
      <translation>费率表 {where}：未知的还款方式「{value}」</translation>
    </message>
    <message>
      <source>unknown channel {channel}: one of {channels}</source>
      <translation>未知的收款方式 {channel}：可选 {channels}</translation>
    </message>
    <message>
      <source>a payment must be more than 0 (got {amount})</source>
      <translation>还款金额应大于 0（现为 {amount}）</translation>
    </message>
    <message>
      <source>{amount} is more than the {total} still owed on this contract</source>
      <translation>{amount} 超过该合同尚欠的 {total}</translation>
    </message>
    <message>
      <source>no risk tier '{code}' (tiers: {value})</source>
      <translation>没有风险等级「{code}」（现有：{value}）</translation>
    </message>
    <message>
      <source>risk rules: '{path}' = {value!r} must be a whole number {low}–{high}</source>
      <translation>风控规则：“{path}” = {value!r} 须为 {low}–{high} 的整数</translation>
    </message>
    <message>
      <source>risk rules: '{path}' = {value!r} must be a share from 0 to 1 written as a string</source>
      <translation>风控规则：“{path}” = {value!r} 须为 0 到 1 之间的比例，并写成字符串</translation>
    </message>
    <message>
      <source>risk rules: {low_key} {low} is above {high_key} {high}</source>
      <translation>风控规则：{low_key} {low} 高于 {high_key} {high}</translation>
    </message>
    <message>
      <source>risk rules: tiers must be listed best first</source>
      <translation>风控规则：风险等级应从优到差排列</translation>
    </message>
    <message>
      <source>monthly income cannot be negative</source>
      <translation>月收入不能为负</translation>
    </message>
    <message>
      <source>existing monthly debt payments cannot be negative</source>
      <translation>每月已有还款不能为负</translation>
    </message>
    <message>
      <source>years in job must be 0–60 (got {applicant_years_in_job})</source>
      <translation>工作年限应为 0–60（现为 {applicant_years_in_job}）</translation>
    </message>
    <message>
      <source>no plan is open to tier {tier_code}: {why}</source>
      <translation>风险等级 {tier_code} 没有可办理的方案：{why}</translation>
    </message>
    <message>
      <source>risk rules: {key} is missing</source>
      <translation>风控规则：缺少 {key}</translation>
    </message>
    <message>
      <source>risk rules: a value is not what it should be ({problem})</source>
      <translation>风控规则：有一项取值不正确（{problem}）</translation>
    </message>
    <message>
      <source>model '{model}' is not in the trade-in table {version}</source>
      <translation>回收价目表 {version} 中没有「{model}」</translation>
    </message>
    <message>
      <source>trade-in table: '{path}' = {value!r} is not a decimal</source>
      <translation>回收估价表：“{path}” = {value!r} 不是数字</translation>
    </message>
    <message>
      <source>trade-in table: '{path}' = {value!r} must be yuan in whole fen, 0 or more</source>
      <translation>回收估价表：“{path}” = {value!r} 须为精确到分、不小于 0 的金额（元）</translation>
    </message>
    <message>
      <source>trade-in table: '{path}' = {value!r} must be a share from 0 to 1</source>
      <translation>回收估价表：“{path}” = {value!r} 须为 0 到 1 之间的比例</translation>
    </message>
    <message>
      <source>IMEI '{text}' is not valid: it must be the 15 digits shown by *#06#</source>
      <translation>IMEI「{text}」无效：应为拨 *#06# 显示的 15 位数字</translation>
    </message>
    <message>
      <source>battery health must be 0–100% (got {condition_battery_health})</source>
      <translation>电池健康应为 0–100%（现为 {condition_battery_health}）</translation>
    </message>
    <message>
      <source>{model} {storage_gb}GB is not in the trade-in table (sizes: {sizes})</source>
      <translation>回收价目表中没有 {model} {storage_gb}GB（可选容量：{sizes}）</translation>
    </message>
    <message>
      <source>trade-in table: the battery bands must end with min = 0</source>
      <translation>回收价目表：电池档位的最后一档应从 0 开始</translation>
    </message>
    <message>
      <source>trade-in table: {key} is missing</source>
      <translation>回收估价表：缺少 {key}</translation>
    </message>
    <message>
      <source>trade-in table: a value is not what it should be ({problem})</source>
      <translation>回收估价表：有一项取值不正确（{problem}）</translation>
    </message>
    <message>
      <source>IMEI '{text}' is not valid: its last digit (the check digit) does not match the others: check it against *#06# or the box</source>
      <translation>IMEI“{text}”无效：最后一位校验码与前 14 位不符，请对照 *#06# 或包装盒核对</translation>
    </message>
    <message>
      <source>trade-in answers: {exc_args} is missing</source>
      <translation>以旧换新问卷缺少 {exc_args}</translation>
    </message>
    <message>
      <source>trade-in answers: {exc}</source>
      <translation>以旧换新问卷有误：{exc}</translation>
    </message>
    <message>
      <source>no sharp ID card in view: hold the card still inside the frame</source>
      <translation>未拍到清晰的身份证：请将证件在取景框内放稳</translation>
    </message>
    <message>
      <source>camera {index} cannot be opened: check the cable or the setting</source>
      <translation>无法打开摄像头 {index}：请检查连线或设置</translation>
    </message>
    <message>
      <source>unknown OCR engine {unknown!r}: choose from {ENGINES} (FENQI_OCR_ENGINES or --engines)</source>
      <translation>未知的识别引擎 {unknown!r}：可选 {ENGINES}</translation>
    </message>
    <message>
      <source>no OCR engine is installed: install Tesseract with Simplified Chinese</source>
      <translation>未安装文字识别引擎：请安装带简体中文的 Tesseract</translation>
    </message>
    <message>
      <source>Tesseract's Simplified Chinese model (chi_sim.traineddata) was not found: install tesseract-ocr-chi-sim, or set FENQI_TESSDATA to its tessdata folder</source>
      <translation>找不到 Tesseract 的简体中文模型（chi_sim.traineddata）：请安装 tesseract-ocr-chi-sim，或将 FENQI_TESSDATA 设为其目录</translation>
    </message>
    <message>
      <source>tesserocr is not installed: reinstall fenqi (uv pip install -e .)</source>
      <translation>未安装 tesserocr：请重新安装分期通</translation>
    </message>
    <message>
      <source>RapidOCR is not installed: install fenqi with the ocr-plus extra (uv pip install -e .[ocr-plus]) or set FENQI_OCR_ENGINES=tesseract</source>
      <translation>未安装 RapidOCR：请安装 ocr-plus 组件，或设置 FENQI_OCR_ENGINES=tesseract</translation>
    </message>
    <message>
      <source>Tesseract cannot load its {lang} model from {_folder}: install tesseract-ocr-chi-sim and tesseract-ocr-script-hans (or set FENQI_TESSDATA)</source>
      <translation>Tesseract 无法从 {_folder} 加载 {lang} 模型：请安装 tesseract-ocr-chi-sim 和 tesseract-ocr-script-hans</translation>
    </message>
    <message>
      <source>{path} is too large an image: give a photo of at most {value} megapixels</source>
      <translation>{path} 图片过大：请使用不超过 {value} 百万像素的照片</translation>
    </message>
    <message>
      <source>no image file {path}</source>
      <translation>找不到图片文件 {path}</translation>
    </message>
    <message>
      <source>{path} is empty: take the photo again</source>
      <translation>{path} 是空文件：请重新拍照</translation>
    </message>
    <message>
      <source>{path} is not a readable image (use JPEG, PNG or BMP)</source>
      <translation>{path} 不是可读取的图片（请用 JPEG、PNG 或 BMP）</translation>
    </message>
    <message>
      <source>the back image shows no national emblem: give the 国徽 side as --back</source>
      <translation>背面照片上没有国徽：请提供国徽面照片</translation>
    </message>
    <message>
      <source>no application {application_id}</source>
      <translation>没有编号为 {application_id} 的申请</translation>
    </message>
    <message>
      <source>'{manager_username}' is not an active store manager</source>
      <translation>「{manager_username}」不是在职店长</translation>
    </message>
    <message>
      <source>wrong password for {manager_username}</source>
      <translation>{manager_username} 的密码错误</translation>
    </message>
    <message>
      <source>write the reason for the override (at least 5 characters)</source>
      <translation>请写明复核理由（至少 5 个字）</translation>
    </message>
    <message>
      <source>application {application_id} was already overridden</source>
      <translation>申请 {application_id} 已经复核过</translation>
    </message>
    <message>
      <source>an override decides: approve or decline</source>
      <translation>复核只能选择批准或拒绝</translation>
    </message>
    <message>
      <source>this sale waits for the chain's approval: a store manager cannot decide it</source>
      <translation>本笔销售等待总部审批：店长不能代为决定</translation>
    </message>
    <message>
      <source>cannot approve over {hard}: the law or the blacklist forbids it</source>
      <translation>不能批准：{hard}（法规或黑名单禁止）</translation>
    </message>
    <message>
      <source>账户已锁定（密码连续错误 {MAX_FAILURES} 次），请于 {until:%H:%M} 后再试</source>
      <translation>账户已锁定（密码连续错误 {MAX_FAILURES} 次），请于 {until:%H:%M} 后再试</translation>
    </message>
    <message>
      <source>only a store manager can unlock an account (their own password)</source>
      <translation>只有店长本人（输入自己的密码）才能解锁账户</translation>
    </message>
    <message>
      <source>give the reason for unlocking (at least 5 characters)</source>
      <translation>请写明解锁原因（至少 5 个字）</translation>
    </message>
    <message>
      <source>account {username} is not locked</source>
      <translation>账户 {username} 未被锁定</translation>
    </message>
    <message>
      <source>--db {url!r} is not a database URL: use sqlite:///PATH or postgresql+psycopg://USER@HOST/DB</source>
      <translation>--db {url!r} 不是数据库地址：请用 sqlite:///路径 或 postgresql+psycopg://用户@主机/库名</translation>
    </message>
    <message>
      <source>--db {url!r} names a folder, not a database file</source>
      <translation>--db {url!r} 是文件夹，不是数据库文件</translation>
    </message>
    <message>
      <source>no database at {path}: run `fenqi init-demo` first</source>
      <translation>{path} 没有数据库：请先运行 fenqi init-demo</translation>
    </message>
    <message>
      <source>database {engine_url!r} is empty: run `fenqi init-demo`</source>
      <translation>数据库 {engine_url!r} 是空的：请运行 fenqi init-demo</translation>
    </message>
    <message>
      <source>cannot open the database {engine_url!r}: {exc_orig}</source>
      <translation>无法打开数据库 {engine_url!r}：{exc_orig}</translation>
    </message>
    <message>
      <source>the key file {value} does not belong to this database: restore the key file that was used with it (set FENQI_KEY_FILE)</source>
      <translation>密钥文件 {value} 与此数据库不匹配：请恢复原来使用的密钥文件（FENQI_KEY_FILE）</translation>
    </message>
    <message>
      <source>write the outcome of the contact (e.g. 已接通，客户承诺周五还款)</source>
      <translation>请填写联系结果（如：已接通，客户承诺周五还款）</translation>
    </message>
    <message>
      <source>the promise to pay is dated in the past: {day}</source>
      <translation>承诺还款日期早于今天：{day}</translation>
    </message>
    <message>
      <source>no contract found for {text}</source>
      <translation>没有找到与“{text}”相符的合同</translation>
    </message>
    <message>
      <source>--rate needs --method and --term (one plan at a given rate)</source>
      <translation>--rate 需要同时给出 --method 和 --term</translation>
    </message>
    <message>
      <source>search by contract number, IMEI (15 digits), mobile number (11 digits), ID number (18 characters) or the customer's full name</source>
      <translation>请按合同编号、IMEI（15 位）、手机号（11 位）、身份证号（18 位）或客户全名查询</translation>
    </message>
    <message>
      <source>no contract {number} in this database</source>
      <translation>本机数据库中没有合同 {number}</translation>
    </message>
    <message>
      <source>contract {number} was signed on {signed}: it has no book on {on}</source>
      <translation>合同 {number} 签订于 {signed}：{on} 时尚无该合同</translation>
    </message>
    <message>
      <source>{amount} is more than the {due} due now (what is overdue, else the next instalment): take {due}, or take the rest as a prepayment of the next instalments</source>
      <translation>{amount} 元超过当前应还的 {due} 元（已逾期的款项，没有逾期则为下一期）：请收 {due} 元，或把多出部分作为后续各期的提前还款</translation>
    </message>
    <message>
      <source>contract {number} is {status}: it takes no payments</source>
      <translation>合同 {number} 状态为 {status}：不能再收款</translation>
    </message>
    <message>
      <source>payments by {channel} need their transaction reference (--reference)</source>
      <translation>{channel} 收款需填写交易流水号</translation>
    </message>
    <message>
      <source>reference {reference} was already taken on {when}: {amount} yuan for contract {number} (the same reference is the same payment)</source>
      <translation>流水号 {reference} 已于 {when} 收过款：合同 {number} 的 {amount} 元（同一流水号就是同一笔付款）</translation>
    </message>
    <message>
      <source>reference {reference} was just taken at another counter</source>
      <translation>流水号 {reference} 刚在另一台收银机上登记</translation>
    </message>
    <message>
      <source>only a store manager can reverse a payment ('{username}' is not one)</source>
      <translation>只有店长可以冲正收款（「{username}」不是店长）</translation>
    </message>
    <message>
      <source>wrong password for {username}</source>
      <translation>{username} 的密码错误</translation>
    </message>
    <message>
      <source>write why the payment is reversed (at least 5 characters)</source>
      <translation>请写明冲正原因（至少 5 个字）</translation>
    </message>
    <message>
      <source>no repayment {payment_id} to reverse</source>
      <translation>没有可冲正的还款 {payment_id}</translation>
    </message>
    <message>
      <source>the payment of {amount} yuan taken {when} was already reversed</source>
      <translation>{when} 收取的 {amount} 元已经冲正过</translation>
    </message>
    <message>
      <source>no payment {payment_id}</source>
      <translation>没有收款记录 {payment_id}</translation>
    </message>
    <message>
      <source>{day} has not happened yet: the book is kept to today</source>
      <translation>{day} 尚未到来：台账只记到今天</translation>
    </message>
    <message>
      <source>the till's sales cannot be negative (got {count})</source>
      <translation>收银台销售台数不能为负（{count}）</translation>
    </message>
    <message>
      <source>{day} has not happened yet: close a day that is over</source>
      <translation>{day} 尚未结束：只能对已过去的营业日做日结</translation>
    </message>
    <message>
      <source>only a store manager closes the day ('{username}' is not one)</source>
      <translation>只有店长可以日结（「{username}」不是店长）</translation>
    </message>
    <message>
      <source>the customer confirmed clause {x} for another phone or plan than the contract being signed: they must confirm it again on their screen</source>
      <translation>客户确认第 {x} 条时看到的手机或方案与正要签署的合同不同：请客户在客户屏上重新确认该条</translation>
    </message>
    <message>
      <source>no {product_sku} left in stock: choose the phone again</source>
      <translation>{product_sku} 已无库存：请重新选机</translation>
    </message>
    <message>
      <source>this sale is no longer saved (finished, or older than its limit)</source>
      <translation>这笔销售已不在草稿中（已完成，或超过保存期限）</translation>
    </message>
    <message>
      <source>the sale is not ready: next is {step}</source>
      <translation>这笔销售还不能进行这一步：下一步是{step}</translation>
    </message>
    <message>
      <source>the ID card expired on {valid_to}: the customer needs a valid card</source>
      <translation>身份证已于 {valid_to} 过期：请客户出示有效证件</translation>
    </message>
    <message>
      <source>the pre-check must approve the sale before the clauses</source>
      <translation>预审通过后才能讲解条款</translation>
    </message>
    <message>
      <source>no clause '{code}' (clauses: {codes})</source>
      <translation>没有条款「{code}」（现有：{codes}）</translation>
    </message>
    <message>
      <source>the customer's screen showed another phone or plan than this sale's: it is shown again, and clause {x} must be confirmed again</source>
      <translation>客户屏显示的手机或方案与本笔销售不一致：已重新显示，请客户重新确认第 {x} 条</translation>
    </message>
    <message>
      <source>clause '{code}' was confirmed before it had been shown for {seconds} seconds</source>
      <translation>条款“{code}”显示不足 {seconds} 秒就被确认：请客户阅读后再确认</translation>
    </message>
    <message>
      <source>the sale is not ready to sign: next is {step}</source>
      <translation>还不能签约：下一步是 {step}</translation>
    </message>
    <message>
      <source>IMEI {imei} has been sold meanwhile; another {product_sku} is in stock: IMEI {other}. Go back to the phone and scan it</source>
      <translation>IMEI {imei} 已被另一笔销售售出；本店还有同款 {product_sku}：IMEI {other}，请返回第①步扫描该机</translation>
    </message>
    <message>
      <source>IMEI {imei} is not a new phone in stock here</source>
      <translation>IMEI {imei} 不是本店在库的新机</translation>
    </message>
    <message>
      <source>{product_sku} is out of stock</source>
      <translation>{product_sku} 缺货</translation>
    </message>
    <message>
      <source>this terminal's clock is {minutes} minutes ahead of the chain server's: set the date and time right, sync, then sign</source>
      <translation>本机时钟比总部服务器快 {minutes} 分钟：请校准日期和时间并同步后再签约</translation>
    </message>
    <message>
      <source>this terminal's clock is {minutes} minutes behind the chain server's: set the date and time right, sync, then sign</source>
      <translation>本机时钟比总部服务器慢 {minutes} 分钟：请校准日期和时间并同步后再签约</translation>
    </message>
    <message>
      <source>application {application_id} is not approved ({effective})</source>
      <translation>申请 {application_id} 未获批准（{effective}）</translation>
    </message>
    <message>
      <source>IMEI {unit_imei} is not in stock ({unit_status})</source>
      <translation>IMEI {unit_imei} 不在库（{unit_status}）</translation>
    </message>
    <message>
      <source>the customer has not confirmed: {missing}</source>
      <translation>客户尚未确认：{missing}</translation>
    </message>
    <message>
      <source>the contract is not signed</source>
      <translation>合同尚未签名</translation>
    </message>
    <message>
      <source>contract {contract_number} was signed before contracts were kept for reprinting: print it from the copy saved then, or ask the back office</source>
      <translation>合同 {contract_number} 签于保存重印数据之前：请使用当时保存的文件，或联系总部</translation>
    </message>
    <message>
      <source>contract {contract_number} cannot be printed again: its stored record does not seal to the hash it was signed with (report this; do not hand out a copy)</source>
      <translation>合同 {contract_number} 无法重印：存档与签约时的摘要不符（请上报，不要交出副本）</translation>
    </message>
    <message>
      <source>the server {url} answered {status}: {detail}; try again later</source>
      <translation>中心服务器 {url} 返回 {status}：{detail}；请稍后再试</translation>
    </message>
    <message>
      <source>this terminal has not enrolled: run `fenqi enrol URL CODE` first</source>
      <translation>本终端尚未注册到中心服务器：请先运行 fenqi enrol 地址 注册码</translation>
    </message>
    <message>
      <source>{url} is plain http: the chain's server is reached over https:// (only a server on this machine may be http://)</source>
      <translation>{url} 是明文 http 地址：连锁总部服务器须通过 https:// 连接（只有本机上的服务器可以用 http://）</translation>
    </message>
    <message>
      <source>the server refused this terminal: {detail}</source>
      <translation>中心服务器拒绝了本终端：{detail}</translation>
    </message>
    <message>
      <source>the server refused: {detail}</source>
      <translation>中心服务器拒绝：{detail}</translation>
    </message>
    <message>
      <source>this terminal holds the demo store's data, its staff passwords published: enrol a new database (--db) with the chain</source>
      <translation>本机存有演示门店的数据（其员工密码是公开的）：请用新的数据库（--db）加入连锁</translation>
    </message>
    <message>
      <source>cannot read {ca}: {problem}</source>
      <translation>无法读取 {ca}：{problem}</translation>
    </message>
    <message>
      <source>{ca} is not a PEM certificate (the chain's CA)</source>
      <translation>{ca} 不是 PEM 格式的证书（应为连锁的 CA 证书）</translation>
    </message>
    <message>
      <source>{url} is not a server address: use http(s)://HOST:PORT</source>
      <translation>{url} 不是服务器地址：请用 http(s)://主机:端口</translation>
    </message>
    <message>
      <source>the server {url} does not answer ({problem}): sales go on offline, and the queue is sent later</source>
      <translation>中心服务器 {url} 无响应（{problem}）：可继续离线销售，待同步数据稍后自动发送</translation>
    </message>
    <message>
      <source>the server {url} answered {path} in another format: is it this chain's server, and of this version?</source>
      <translation>服务器 {url} 对 {path} 的应答格式不符：请确认它是本连锁的服务器且版本一致</translation>
    </message>
    <message>
      <source>the server {url} shows a certificate this terminal does not trust: enrol with the chain's CA file (`fenqi enrol URL CODE --ca FILE`)</source>
      <translation>服务器 {url} 出示的证书本机不信任：请用连锁的 CA 证书文件登记（`fenqi enrol URL CODE --ca FILE`）</translation>
    </message>
    <message>
      <source>IMEI {imei} is on the lost/stolen list ({blocked_reason}; {blocked_source}): do not accept this phone</source>
      <translation>IMEI {imei} 在挂失/被盗名单上（{blocked_reason}；{blocked_source}）：不得收取这台手机</translation>
    </message>
    <message>
      <source>IMEI {imei} is already in stock ({unit_status}): check the phone</source>
      <translation>IMEI {imei} 已在库存中（{unit_status}）：请核对手机</translation>
    </message>
    <message>
      <source>this phone cannot be traded in: {appraisal_reason}</source>
      <translation>这台旧机不能回收：{appraisal_reason}</translation>
    </message>
    <message>
      <source>the trade-in phone cannot be taken: {appraisal_reason}</source>
      <translation>不能收取这台旧机：{appraisal_reason}</translation>
    </message>
    <message>
      <source>appraisal file: not a `fenqi tradein --json` document</source>
      <translation>估价文件不是 fenqi tradein --json 的输出</translation>
    </message>
    <message>
      <source>key file {path} is damaged: it does not hold a 32-byte key</source>
      <translation>密钥文件 {path} 已损坏</translation>
    </message>
    <message>
      <source>the signing request is not signed by an EC key of its own</source>
      <translation>证书申请未由其自身的 EC 密钥签名</translation>
    </message>
    <message>
      <source>the server's certificate is not for this terminal's key</source>
      <translation>中心服务器发来的证书与本终端的密钥不符</translation>
    </message>
    <message>
      <source>the signing request is not a PEM certificate request</source>
      <translation>证书申请不是 PEM 格式</translation>
    </message>
    <message>
      <source>--trust {path}: not a PEM certificate</source>
      <translation>--trust {path}：不是 PEM 证书</translation>
    </message>
    <message>
      <source>--trust {path}: {exc_strerror}</source>
      <translation>--trust {path}：{exc_strerror}</translation>
    </message>
    <message>
      <source>{context}: unknown ciphertext format</source>
      <translation>{context}：未知的密文格式</translation>
    </message>
    <message>
      <source>{context}: cannot decrypt (wrong key file, or the data was altered)</source>
      <translation>{context}：无法解密（密钥文件不对，或数据被改动）</translation>
    </message>
    <message>
      <source>the database has schema revision {current}, newer than this program knows: update Fenqi Counter before opening it</source>
      <translation>数据库版本 {current} 比本程序新：请先升级分期通柜台</translation>
    </message>
    <message>
      <source>this database is not set up for a terminal: run `fenqi init-demo`</source>
      <translation>此数据库尚未设置终端：请运行 fenqi init-demo</translation>
    </message>
    <message>
      <source>store {store_id} is missing from the database</source>
      <translation>数据库中缺少门店 {store_id}</translation>
    </message>
    <message>
      <source>staff member {staff_id} is missing from the database</source>
      <translation>数据库中缺少员工 {staff_id}</translation>
    </message>
    <message>
      <source>no active staff member '{username}'</source>
      <translation>没有在职员工「{username}」</translation>
    </message>
    <message>
      <source>no product with SKU '{sku}' in the catalog</source>
      <translation>商品目录中没有 SKU 为「{sku}」的商品</translation>
    </message>
    <message>
      <source>the store has no active rate table: run `fenqi init-demo`</source>
      <translation>本店没有生效的费率表：请运行 fenqi init-demo</translation>
    </message>
    <message>
      <source>no active {kind} in the database: run `fenqi init-demo`</source>
      <translation>数据库中没有生效的 {kind}：请运行 fenqi init-demo</translation>
    </message>
    <message>
      <source>another counter changed the same record at the same moment (e.g. sold this phone): nothing was saved, look again and retry</source>
      <translation>另一台柜台同时修改了同一记录（例如卖出了这台手机）：本次未保存，请刷新后重试</translation>
    </message>
    <message>
      <source>no Chinese TrueType font for PDFs: install fonts-wqy-microhei or set FENQI_PDF_FONT</source>
      <translation>没有可用于 PDF 的中文字体：请安装 fonts-wqy-microhei 或设置 FENQI_PDF_FONT</translation>
    </message>
    <message>
      <source>no installed font can print {ch}: install fonts-hanazono, or set FENQI_PDF_FALLBACK_FONT to a TrueType font that has it, and print again</source>
      <translation>没有字体能打印「{ch}」：请安装 fonts-hanazono，或设置 FENQI_PDF_FALLBACK_FONT 后重新打印</translation>
    </message>
    <message>
      <source>staff</source>
      <translation>经办员工</translation>
    </message>
    <message>
      <source>customer</source>
      <translation>客户信息</translation>
    </message>
    <message>
      <source>customer.id_number</source>
      <translation>身份证号</translation>
    </message>
    <message>
      <source>customer.name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>customer.phone</source>
      <translation>手机号</translation>
    </message>
    <message>
      <source>customer.address</source>
      <translation>住址</translation>
    </message>
    <message>
      <source>customer.birth_date</source>
      <translation>出生日期</translation>
    </message>
    <message>
      <source>customer.id_valid_to</source>
      <translation>证件有效期</translation>
    </message>
    <message>
      <source>customer.id_valid_from</source>
      <translation>证件签发日期</translation>
    </message>
    <message>
      <source>customer.card_source</source>
      <translation>证件读取方式</translation>
    </message>
    <message>
      <source>customer.edited_fields</source>
      <translation>修改过的字段</translation>
    </message>
    <message>
      <source>customer.emergency_contact</source>
      <translation>紧急联系人</translation>
    </message>
    <message>
      <source>customer.emergency_contact.name</source>
      <translation>紧急联系人姓名</translation>
    </message>
    <message>
      <source>customer.emergency_contact.phone</source>
      <translation>紧急联系人电话</translation>
    </message>
    <message>
      <source>customer.emergency_contact.relation</source>
      <translation>与客户关系</translation>
    </message>
    <message>
      <source>finances</source>
      <translation>收入信息</translation>
    </message>
    <message>
      <source>finances.monthly_income</source>
      <translation>月收入</translation>
    </message>
    <message>
      <source>finances.monthly_debt</source>
      <translation>每月已有还款</translation>
    </message>
    <message>
      <source>finances.employment</source>
      <translation>职业</translation>
    </message>
    <message>
      <source>finances.years_in_job</source>
      <translation>工作年限</translation>
    </message>
    <message>
      <source>purchase</source>
      <translation>购机信息</translation>
    </message>
    <message>
      <source>purchase.sku</source>
      <translation>商品 SKU</translation>
    </message>
    <message>
      <source>purchase.price</source>
      <translation>售价</translation>
    </message>
    <message>
      <source>purchase.trade_in</source>
      <translation>以旧换新</translation>
    </message>
    <message>
      <source>purchase.down</source>
      <translation>首付</translation>
    </message>
    <message>
      <source>purchase.method</source>
      <translation>还款方式</translation>
    </message>
    <message>
      <source>purchase.term</source>
      <translation>期数</translation>
    </message>
    <message>
      <source>phone</source>
      <translation>选机</translation>
    </message>
    <message>
      <source>trade_in</source>
      <translation>以旧换新</translation>
    </message>
    <message>
      <source>plan</source>
      <translation>选择方案</translation>
    </message>
    <message>
      <source>precheck</source>
      <translation>风控预审</translation>
    </message>
    <message>
      <source>disclosure</source>
      <translation>条款确认</translation>
    </message>
    <message>
      <source>signature</source>
      <translation>客户签名</translation>
    </message>
    <message>
      <source>signed</source>
      <translation>已签约</translation>
    </message>
    <message>
      <source>wechat</source>
      <translation>微信支付</translation>
    </message>
    <message>
      <source>alipay</source>
      <translation>支付宝</translation>
    </message>
    <message>
      <source>card</source>
      <translation>银行卡</translation>
    </message>
    <message>
      <source>cash</source>
      <translation>现金</translation>
    </message>
    <message>
      <source>in_stock</source>
      <translation>在库</translation>
    </message>
    <message>
      <source>reserved</source>
      <translation>已预留</translation>
    </message>
    <message>
      <source>sold</source>
      <translation>已售出</translation>
    </message>
    <message>
      <source>returned</source>
      <translation>已退回</translation>
    </message>
    <message>
      <source>approve</source>
      <translation>通过</translation>
    </message>
    <message>
      <source>review</source>
      <translation>转店长复核</translation>
    </message>
    <message>
      <source>central</source>
      <translation>待总部审批</translation>
    </message>
    <message>
      <source>decline</source>
      <translation>拒绝</translation>
    </message>
  </context>
</TS>
