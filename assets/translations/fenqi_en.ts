<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="">
  <context>
    <name>fenqi</name>
    <message>
      <source>等额本息</source>
      <translation>Equal installments</translation>
    </message>
    <message>
      <source>等额本金</source>
      <translation>Equal principal</translation>
    </message>
    <message>
      <source>月手续费</source>
      <translation>Monthly fee</translation>
    </message>
    <message>
      <source>免息</source>
      <translation>Interest-free</translation>
    </message>
    <message>
      <source>通过</source>
      <translation>Approved</translation>
    </message>
    <message>
      <source>转店长复核</source>
      <translation>Manager review</translation>
    </message>
    <message>
      <source>待总部审批</source>
      <translation>Waiting for head office</translation>
    </message>
    <message>
      <source>拒绝</source>
      <translation>Decline</translation>
    </message>
    <message>
      <source>职业</source>
      <translation>Occupation</translation>
    </message>
    <message>
      <source>工龄</source>
      <translation>Years in job</translation>
    </message>
    <message>
      <source>月收入</source>
      <translation>Monthly income</translation>
    </message>
    <message>
      <source>负债收入比</source>
      <translation>Debt-to-income</translation>
    </message>
    <message>
      <source>年龄</source>
      <translation>Age</translation>
    </message>
    <message>
      <source>本连锁记录</source>
      <translation>History with the chain</translation>
    </message>
    <message>
      <source>姓名</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>性别</source>
      <translation>Sex</translation>
    </message>
    <message>
      <source>民族</source>
      <translation>Ethnicity</translation>
    </message>
    <message>
      <source>出生</source>
      <translation>Born</translation>
    </message>
    <message>
      <source>住址</source>
      <translation>Address</translation>
    </message>
    <message>
      <source>公民身份号码</source>
      <translation>ID number</translation>
    </message>
    <message>
      <source>签发机关</source>
      <translation>Issued by</translation>
    </message>
    <message>
      <source>有效期自</source>
      <translation>Valid from</translation>
    </message>
    <message>
      <source>有效期至</source>
      <translation>Valid to</translation>
    </message>
    <message>
      <source>微信支付</source>
      <translation>WeChat Pay</translation>
    </message>
    <message>
      <source>支付宝</source>
      <translation>Alipay</translation>
    </message>
    <message>
      <source>银行卡</source>
      <translation>Bank card</translation>
    </message>
    <message>
      <source>现金</source>
      <translation>Cash</translation>
    </message>
    <message>
      <source>已还</source>
      <translation>Paid</translation>
    </message>
    <message>
      <source>未到期</source>
      <translation>Not yet due</translation>
    </message>
    <message>
      <source>今日到期</source>
      <translation>Due today</translation>
    </message>
    <message>
      <source>宽限期内</source>
      <translation>In grace period</translation>
    </message>
    <message>
      <source>逾期</source>
      <translation>Overdue</translation>
    </message>
    <message>
      <source>违约金</source>
      <translation>late fee</translation>
    </message>
    <message>
      <source>利息/手续费</source>
      <translation>Interest/fees</translation>
    </message>
    <message>
      <source>本金</source>
      <translation>principal</translation>
    </message>
    <message>
      <source>提前还款手续费</source>
      <translation>early payoff fee</translation>
    </message>
    <message>
      <source>屏幕完好</source>
      <translation>Screen perfect</translation>
    </message>
    <message>
      <source>屏幕划痕</source>
      <translation>Screen scratched</translation>
    </message>
    <message>
      <source>屏幕碎裂</source>
      <translation>Screen cracked</translation>
    </message>
    <message>
      <source>摄像头故障</source>
      <translation>Camera fault</translation>
    </message>
    <message>
      <source>面容/指纹故障</source>
      <translation>Face/fingerprint unlock fault</translation>
    </message>
    <message>
      <source>扬声器故障</source>
      <translation>Speaker fault</translation>
    </message>
    <message>
      <source>充电故障</source>
      <translation>Charging fault</translation>
    </message>
    <message>
      <source>进水</source>
      <translation>Water damage</translation>
    </message>
    <message>
      <source>首付款</source>
      <translation>Down payment</translation>
    </message>
    <message>
      <source>分期还款</source>
      <translation>Instalment</translation>
    </message>
    <message>
      <source>逾期违约金</source>
      <translation>Late fee</translation>
    </message>
    <message>
      <source>提前结清</source>
      <translation>Early payoff</translation>
    </message>
    <message>
      <source>冲正（撤销收款）</source>
      <translation>Reversal</translation>
    </message>
    <message>
      <source>分期合同数</source>
      <translation>Installment contracts</translation>
    </message>
    <message>
      <source>销售额（元）</source>
      <translation>Sales (yuan)</translation>
    </message>
    <message>
      <source>分期金额（元）</source>
      <translation>Financed (yuan)</translation>
    </message>
    <message>
      <source>客单价（元）</source>
      <translation>Average ticket (yuan)</translation>
    </message>
    <message>
      <source>免息贴息成本（元）</source>
      <translation>Interest-free subsidy (yuan)</translation>
    </message>
    <message>
      <source>以旧换新台数</source>
      <translation>Trade-ins</translation>
    </message>
    <message>
      <source>以旧换新抵扣（元）</source>
      <translation>Trade-in credit (yuan)</translation>
    </message>
    <message>
      <source>当日收回还款（元）</source>
      <translation>Repayments collected (yuan)</translation>
    </message>
    <message>
      <source>预审通过</source>
      <translation>Pre-check approved</translation>
    </message>
    <message>
      <source>店长复核</source>
      <translation>Manager reviews</translation>
    </message>
    <message>
      <source>总部审批</source>
      <translation>Head-office approval</translation>
    </message>
    <message>
      <source>预审拒绝</source>
      <translation>Pre-check declined</translation>
    </message>
    <message>
      <source>人工改判</source>
      <translation>Overrides</translation>
    </message>
    <message>
      <source>分期渗透率（日结后）</source>
      <translation>Installment penetration (once closed)</translation>
    </message>
    <message>
      <source>方案</source>
      <translation>Plan</translation>
    </message>
    <message>
      <source>期数</source>
      <translation>Payments</translation>
    </message>
    <message>
      <source>首月月供</source>
      <translation>First payment</translation>
    </message>
    <message>
      <source>名义利率</source>
      <translation>Nominal rate</translation>
    </message>
    <message>
      <source>年化利率(IRR)</source>
      <translation>APR (IRR)</translation>
    </message>
    <message>
      <source>总还款</source>
      <translation>Total repaid</translation>
    </message>
    <message>
      <source>每天利息</source>
      <translation>Cost per day</translation>
    </message>
    <message>
      <source>分期通柜台</source>
      <translation>Fenqi Counter</translation>
    </message>
    <message>
      <source>程序出错</source>
      <translation>Program error</translation>
    </message>
    <message>
      <source>请检查输入</source>
      <translation>Please check the input</translation>
    </message>
    <message>
      <source>无法继续</source>
      <translation>Cannot continue</translation>
    </message>
    <message>
      <source>操作未完成，已保存的数据不受影响。请联系技术支持并提供：{report}</source>
      <translation>The action did not finish; nothing saved is affected. Contact support and give them: {report}</translation>
    </message>
    <message>
      <source>销售</source>
      <translation>Sales</translation>
    </message>
    <message>
      <source>店长</source>
      <translation>Manager</translation>
    </message>
    <message>
      <source>管理员</source>
      <translation>Administrator</translation>
    </message>
    <message>
      <source>正在同步…</source>
      <translation>Syncing…</translation>
    </message>
    <message>
      <source>（尚未与中心服务器同步）</source>
      <translation> (not yet synced with the central server)</translation>
    </message>
    <message>
      <source>离线，</source>
      <translation>Offline, </translation>
    </message>
    <message>
      <source>无待同步数据</source>
      <translation>Nothing waiting to sync</translation>
    </message>
    <message>
      <source>正在打开…</source>
      <translation>Opening…</translation>
    </message>
    <message>
      <source>立即同步（F5）</source>
      <translation>Sync now (F5)</translation>
    </message>
    <message>
      <source>无法打开数据库</source>
      <translation>Cannot open the database</translation>
    </message>
    <message>
      <source>未登录</source>
      <translation>Not logged in</translation>
    </message>
    <message>
      <source>本机尚未登记到中心服务器，无法同步：销售照常离线进行</source>
      <translation>This terminal is not enrolled with the central server, so it cannot sync: sales go on offline</translation>
    </message>
    <message>
      <source>无法读取本机状态，稍后自动重试</source>
      <translation>Cannot read this terminal's status; retrying shortly</translation>
    </message>
    <message>
      <source>未连接中心服务器，</source>
      <translation>No central server, </translation>
    </message>
    <message>
      <source>，{refused} 条被中心拒收</source>
      <translation>, {refused} refused by the server</translation>
    </message>
    <message>
      <source>，{held} 条总部数据未能应用</source>
      <translation>, {held} rows from head office could not be applied</translation>
    </message>
    <message>
      <source>，本机时钟与总部相差 {minutes} 分钟：暂停签约</source>
      <translation>, this terminal's clock is {minutes} minutes off head office's: signing paused</translation>
    </message>
    <message>
      <source>（上次同步 {status_last_sent_at:%m-%d %H:%M}）</source>
      <translation> (last sync {status_last_sent_at:%m-%d %H:%M})</translation>
    </message>
    <message>
      <source>待同步 {status_waiting} 条</source>
      <translation>{status_waiting} records waiting to sync</translation>
    </message>
    <message>
      <source>{who_display_name}（{role}）</source>
      <translation>{who_display_name} ({role})</translation>
    </message>
    <message>
      <source>扫描身份证</source>
      <translation>Scan ID card</translation>
    </message>
    <message>
      <source>正在打开摄像头…</source>
      <translation>Opening the camera…</translation>
    </message>
    <message>
      <source>请将身份证平放在取景框内并保持不动，清晰后自动拍摄</source>
      <translation>Lay the ID card flat inside the frame and hold still; the picture is taken when it is sharp</translation>
    </message>
    <message>
      <source>取消（Esc）</source>
      <translation>Cancel (Esc)</translation>
    </message>
    <message>
      <source>关闭</source>
      <translation>Close</translation>
    </message>
    <message>
      <source>未拍到清晰的身份证：请将证件放稳、避开反光后重新扫描</source>
      <translation>No sharp ID card seen: hold the card still, away from glare, and scan again</translation>
    </message>
    <message>
      <source>摄像头出错，请改用导入图片</source>
      <translation>The camera failed: import a photo instead</translation>
    </message>
    <message>
      <source>没有画面</source>
      <translation>No picture</translation>
    </message>
    <message>
      <source>{amount} 元</source>
      <translation>{amount} yuan</translation>
    </message>
    <message>
      <source>客户确认</source>
      <translation>Customer confirmation</translation>
    </message>
    <message>
      <source>我已阅读并确认本条</source>
      <translation>I have read and confirm this clause</translation>
    </message>
    <message>
      <source>确认签名</source>
      <translation>Confirm signature</translation>
    </message>
    <message>
      <source>清除重签</source>
      <translation>Clear and sign again</translation>
    </message>
    <message>
      <source>请在下方签名</source>
      <translation>Please sign below</translation>
    </message>
    <message>
      <source>已签名，请稍候：店员正在办理</source>
      <translation>Signed. Please wait while the clerk completes the sale</translation>
    </message>
    <message>
      <source>除上述利息/手续费外不收取任何其他费用。接下来请逐条阅读并确认关键条款。</source>
      <translation>Nothing is charged beyond the interest/fees above. Next, please read and confirm each key clause.</translation>
    </message>
    <message>
      <source>我已了解，开始阅读条款</source>
      <translation>Understood: read the clauses</translation>
    </message>
    <message>
      <source>首付</source>
      <translation>down payment</translation>
    </message>
    <message>
      <source>分期金额</source>
      <translation>Financed</translation>
    </message>
    <message>
      <source>每期还款</source>
      <translation>Each payment</translation>
    </message>
    <message>
      <source>还款期数</source>
      <translation>Number of payments</translation>
    </message>
    <message>
      <source>利息/手续费合计</source>
      <translation>Total interest/fees</translation>
    </message>
    <message>
      <source>年化利率（IRR 法）</source>
      <translation>APR (IRR method)</translation>
    </message>
    <message>
      <source>首次还款日</source>
      <translation>First due date</translation>
    </message>
    <message>
      <source>首期 {amount} 元，逐月递减</source>
      <translation>{amount} yuan first, less each month</translation>
    </message>
    <message>
      <source>您选择的分期方案：{device}</source>
      <translation>Your installment plan: {device}</translation>
    </message>
    <message>
      <source>第 {x} / {clauses} 条</source>
      <translation>Clause {x} of {clauses}</translation>
    </message>
    <message>
      <source>{term} 期</source>
      <translation>{term} payments</translation>
    </message>
    <message>
      <source>选机</source>
      <translation>Phone</translation>
    </message>
    <message>
      <source>客户</source>
      <translation>Customer</translation>
    </message>
    <message>
      <source>以旧换新</source>
      <translation>Trade-in</translation>
    </message>
    <message>
      <source>预审</source>
      <translation>Pre-check</translation>
    </message>
    <message>
      <source>条款确认</source>
      <translation>Clauses</translation>
    </message>
    <message>
      <source>签名</source>
      <translation>Signature</translation>
    </message>
    <message>
      <source>已签约</source>
      <translation>Signed</translation>
    </message>
    <message>
      <source>新建分期销售（F2）</source>
      <translation>New installment sale (F2)</translation>
    </message>
    <message>
      <source>店长工作台（F9）</source>
      <translation>Manager's desk (F9)</translation>
    </message>
    <message>
      <source>重打所选合同</source>
      <translation>Reprint selected contract</translation>
    </message>
    <message>
      <source>时间</source>
      <translation>Time</translation>
    </message>
    <message>
      <source>合同编号</source>
      <translation>Contract no.</translation>
    </message>
    <message>
      <source>手机</source>
      <translation>Phone</translation>
    </message>
    <message>
      <source>未完成的销售（回车继续）：</source>
      <translation>Unfinished sales (Enter to continue):</translation>
    </message>
    <message>
      <source>今日合同：</source>
      <translation>Today's contracts:</translation>
    </message>
    <message>
      <source>（未选机）</source>
      <translation>(no phone chosen)</translation>
    </message>
    <message>
      <source>合同 {number}</source>
      <translation>Contract {number}</translation>
    </message>
    <message>
      <source>{when:%m-%d %H:%M}  {phone}  下一步：{step}</source>
      <translation>{when:%m-%d %H:%M}  {phone}  next: {step}</translation>
    </message>
    <message>
      <source>正在读取合同 {number} 的原件…</source>
      <translation>Reading the original of contract {number}…</translation>
    </message>
    <message>
      <source>已重打合同 {number}（原件副本）</source>
      <translation>Contract {number} reprinted (a copy of the original)</translation>
    </message>
    <message>
      <source>输入生僻字</source>
      <translation>Enter a rare character</translation>
    </message>
    <message>
      <source>选用</source>
      <translation>Use</translation>
    </message>
    <message>
      <source>取消</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>拼音</source>
      <translation>Pinyin</translation>
    </message>
    <message>
      <source>部件</source>
      <translation>Components</translation>
    </message>
    <message>
      <source>生僻字… (Ctrl+K)</source>
      <translation>Rare character… (Ctrl+K)</translation>
    </message>
    <message>
      <source>确认无误</source>
      <translation>Confirm</translation>
    </message>
    <message>
      <source>核对身份证信息</source>
      <translation>Check the ID card details</translation>
    </message>
    <message>
      <source>拼音，如 yao 或 yáo</source>
      <translation>pinyin, e.g. yao or yáo</translation>
    </message>
    <message>
      <source>部件，如 土 或 龍天</source>
      <translation>components, e.g. 土 or 龍天</translation>
    </message>
    <message>
      <source>没有找到：换个读音，或只输入一个部件</source>
      <translation>Nothing found: try another reading, or a single component</translation>
    </message>
    <message>
      <source>输入拼音（不分声调）或字的部件</source>
      <translation>Type the pinyin (tones optional) or the character's components</translation>
    </message>
    <message>
      <source>识别不确定，请与证件核对</source>
      <translation>Uncertain reading: compare with the card</translation>
    </message>
    <message>
      <source>找到 {found} 个字，常用字在前；双击或回车选用</source>
      <translation>{found} characters found, common ones first; double-click or Enter to use</translation>
    </message>
    <message>
      <source>、</source>
      <translation>, </translation>
    </message>
    <message>
      <source>登录</source>
      <translation>Log in</translation>
    </message>
    <message>
      <source>分期通柜台 · 登录</source>
      <translation>Fenqi Counter · Log in</translation>
    </message>
    <message>
      <source>工号</source>
      <translation>Staff ID</translation>
    </message>
    <message>
      <source>密码</source>
      <translation>Password</translation>
    </message>
    <message>
      <source>工号，如 sales01</source>
      <translation>staff ID, e.g. sales01</translation>
    </message>
    <message>
      <source>正在打开数据库，请稍候再登录</source>
      <translation>Opening the database: log in again in a moment</translation>
    </message>
    <message>
      <source>还款中</source>
      <translation>repaying</translation>
    </message>
    <message>
      <source>已结清</source>
      <translation>paid off</translation>
    </message>
    <message>
      <source>已取消</source>
      <translation>cancelled</translation>
    </message>
    <message>
      <source>已核销</source>
      <translation>written off</translation>
    </message>
    <message>
      <source>短信提醒</source>
      <translation>Text reminder</translation>
    </message>
    <message>
      <source>电话联系</source>
      <translation>Call</translation>
    </message>
    <message>
      <source>书面通知</source>
      <translation>Formal letter</translation>
    </message>
    <message>
      <source>移交法务</source>
      <translation>Hand to legal</translation>
    </message>
    <message>
      <source>短信</source>
      <translation>Text message</translation>
    </message>
    <message>
      <source>电话</source>
      <translation>Phone call</translation>
    </message>
    <message>
      <source>信函</source>
      <translation>Letter</translation>
    </message>
    <message>
      <source>到期提醒（客户本人）</source>
      <translation>Due reminder (customer)</translation>
    </message>
    <message>
      <source>逾期通知（客户本人）</source>
      <translation>Overdue notice (customer)</translation>
    </message>
    <message>
      <source>书面通知（客户本人）</source>
      <translation>Formal letter (customer)</translation>
    </message>
    <message>
      <source>请紧急联系人转告（不提欠款）</source>
      <translation>Ask the emergency contact to pass on a message (no debt mentioned)</translation>
    </message>
    <message>
      <source>在贷合同数</source>
      <translation>Live contracts</translation>
    </message>
    <message>
      <source>应收本息余额（元，不含违约金）</source>
      <translation>Outstanding principal and interest (yuan, late fees apart)</translation>
    </message>
    <message>
      <source>剩余本金（元）</source>
      <translation>Principal outstanding (yuan)</translation>
    </message>
    <message>
      <source>逾期率（按金额）</source>
      <translation>Overdue rate (by amount)</translation>
    </message>
    <message>
      <source>逾期率（按合同数）</source>
      <translation>Overdue rate (by count)</translation>
    </message>
    <message>
      <source>当日收回（元）</source>
      <translation>Collected today (yuan)</translation>
    </message>
    <message>
      <source>同一台手机（IMEI {imei}）已由合同 {first_contract} 售出，合同 {contract} 又签在这台手机上：请核对库存与两份合同，联系客户</source>
      <translation>The same phone (IMEI {imei}) was sold on contract {first_contract}, and contract {contract} was signed on it too: check the stock and both contracts, and contact the customer</translation>
    </message>
    <message>
      <source>以旧换新收入的手机 IMEI {imei} 在连锁库存中已有记录：请核对这台手机</source>
      <translation>The traded-in phone IMEI {imei} is already in the chain's stock: check this phone</translation>
    </message>
    <message>
      <source>IMEI {imei} 是另一家门店的手机：本次记录未改动任何一家的库存，请与总部核对</source>
      <translation>IMEI {imei} is another store's phone: this record changed neither store's stock; check with head office</translation>
    </message>
    <message>
      <source>{terminal} 号柜台时钟有误：{records} 条记录的时间与总部收到的时间相差过大（最远的记为 {created_at}，总部 {received_at} 收到）：请校准该柜台的日期和时间</source>
      <translation>Counter {terminal}'s clock is wrong: {records} records are dated far from when head office received them (the furthest dated {created_at}, received {received_at}): set that counter's date and time right</translation>
    </message>
    <message>
      <source>一机两签</source>
      <translation>Phone on two contracts</translation>
    </message>
    <message>
      <source>手机已在库</source>
      <translation>Phone already in stock</translation>
    </message>
    <message>
      <source>他店手机</source>
      <translation>Another store's phone</translation>
    </message>
    <message>
      <source>柜台时钟</source>
      <translation>Counter clock</translation>
    </message>
    <message>
      <source>日结</source>
      <translation>Day close</translation>
    </message>
    <message>
      <source>还款与结清</source>
      <translation>Repayments &amp; payoffs</translation>
    </message>
    <message>
      <source>分期台账</source>
      <translation>Installment book</translation>
    </message>
    <message>
      <source>提醒与催收</source>
      <translation>Reminders &amp; collections</translation>
    </message>
    <message>
      <source>员工账户</source>
      <translation>Staff accounts</translation>
    </message>
    <message>
      <source>总部提示</source>
      <translation>Head office flags</translation>
    </message>
    <message>
      <source>返回首页（Esc）</source>
      <translation>Home (Esc)</translation>
    </message>
    <message>
      <source>导出 CSV…</source>
      <translation>Export CSV…</translation>
    </message>
    <message>
      <source>日结报表 PDF…</source>
      <translation>Day close PDF…</translation>
    </message>
    <message>
      <source>日结确认</source>
      <translation>Close the day</translation>
    </message>
    <message>
      <source>按小时的分期合同数</source>
      <translation>Contracts by hour</translation>
    </message>
    <message>
      <source>期数分布</source>
      <translation>Term mix</translation>
    </message>
    <message>
      <source>近 30 天每日分期合同数</source>
      <translation>Contracts a day, last 30 days</translation>
    </message>
    <message>
      <source>近 30 天分期渗透率（%，已日结的日子）</source>
      <translation>Penetration, last 30 days (%, closed days)</translation>
    </message>
    <message>
      <source>超出本期应还的部分作为提前还款（不勾选则拒收多付）</source>
      <translation>Apply any amount above what is now due to the next instalments (unticked: refuse it)</translation>
    </message>
    <message>
      <source>收款</source>
      <translation>Take payment</translation>
    </message>
    <message>
      <source>打印收据</source>
      <translation>Print receipt</translation>
    </message>
    <message>
      <source>提前结清试算</source>
      <translation>Quote early payoff</translation>
    </message>
    <message>
      <source>办理提前结清</source>
      <translation>Settle early</translation>
    </message>
    <message>
      <source>金额</source>
      <translation>Amount</translation>
    </message>
    <message>
      <source>收款方式</source>
      <translation>Paid by</translation>
    </message>
    <message>
      <source>流水号</source>
      <translation>Reference</translation>
    </message>
    <message>
      <source>冲正所选收款</source>
      <translation>Reverse the chosen payment</translation>
    </message>
    <message>
      <source>原因</source>
      <translation>Reason</translation>
    </message>
    <message>
      <source>冲正（仅店长，另记一笔，不改原记录）</source>
      <translation>Reversal (manager only; a new record, the original stays)</translation>
    </message>
    <message>
      <source>；</source>
      <translation>; </translation>
    </message>
    <message>
      <source>解锁账户</source>
      <translation>Unlock account</translation>
    </message>
    <message>
      <source>被锁定的账户</source>
      <translation>Locked accounts</translation>
    </message>
    <message>
      <source>无承诺</source>
      <translation>No promise</translation>
    </message>
    <message>
      <source>承诺还款日</source>
      <translation>Promised to pay on</translation>
    </message>
    <message>
      <source>记录联系</source>
      <translation>Log contact</translation>
    </message>
    <message>
      <source>渠道</source>
      <translation>Channel</translation>
    </message>
    <message>
      <source>话术模板</source>
      <translation>Message template</translation>
    </message>
    <message>
      <source>结果</source>
      <translation>Outcome</translation>
    </message>
    <message>
      <source>承诺</source>
      <translation>Promise</translation>
    </message>
    <message>
      <source>联系记录（休息时间、每日次数、仅限本人等规则由系统检查）</source>
      <translation>Contact log (quiet hours, daily limit, customer-only and the other rules are checked)</translation>
    </message>
    <message>
      <source>日期</source>
      <translation>Date</translation>
    </message>
    <message>
      <source>收银台非分期售出（台）</source>
      <translation>Sold outright at the till</translation>
    </message>
    <message>
      <source>指标</source>
      <translation>Figure</translation>
    </message>
    <message>
      <source>当日</source>
      <translation>Day</translation>
    </message>
    <message>
      <source>前一日</source>
      <translation>Day before</translation>
    </message>
    <message>
      <source>上周同日</source>
      <translation>Same day last week</translation>
    </message>
    <message>
      <source>合同</source>
      <translation>Contracts</translation>
    </message>
    <message>
      <source>申请</source>
      <translation>Applications</translation>
    </message>
    <message>
      <source>销售额</source>
      <translation>Sales</translation>
    </message>
    <message>
      <source>还款</source>
      <translation>Repayments</translation>
    </message>
    <message>
      <source>合计</source>
      <translation>Total</translation>
    </message>
    <message>
      <source>收款对账（按收款方式，冲正已扣除）</source>
      <translation>Till by channel (reversals deducted)</translation>
    </message>
    <message>
      <source>，</source>
      <translation>, </translation>
    </message>
    <message>
      <source>当日无人工改判</source>
      <translation>No overrides that day</translation>
    </message>
    <message>
      <source>分期渗透率：待日结录入收银台数据</source>
      <translation>Installment penetration: close the day with the till's count</translation>
    </message>
    <message>
      <source>导出日结</source>
      <translation>Export day close</translation>
    </message>
    <message>
      <source>合同编号、手机 IMEI、客户手机号、身份证号或全名，回车查询</source>
      <translation>contract number, phone's IMEI, customer's mobile, ID number or full name; Enter</translation>
    </message>
    <message>
      <source>到期日</source>
      <translation>Due date</translation>
    </message>
    <message>
      <source>状态</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>逾期天数</source>
      <translation>Days late</translation>
    </message>
    <message>
      <source>尚欠</source>
      <translation>Owed</translation>
    </message>
    <message>
      <source>元</source>
      <translation>yuan</translation>
    </message>
    <message>
      <source>微信/支付宝/银行卡流水号</source>
      <translation>WeChat/Alipay/card reference</translation>
    </message>
    <message>
      <source>类型</source>
      <translation>Kind</translation>
    </message>
    <message>
      <source>方式</source>
      <translation>Channel</translation>
    </message>
    <message>
      <source>店长密码（再次确认身份）</source>
      <translation>manager's password (again)</translation>
    </message>
    <message>
      <source>冲正原因（至少 5 个字）</source>
      <translation>reason (at least 5 characters)</translation>
    </message>
    <message>
      <source>请先选择要冲正的收款</source>
      <translation>Choose the payment to reverse first</translation>
    </message>
    <message>
      <source>被锁定的工号</source>
      <translation>Locked username</translation>
    </message>
    <message>
      <source>解锁原因（至少 5 个字）</source>
      <translation>Reason for unlocking (at least 5 characters)</translation>
    </message>
    <message>
      <source>锁定至</source>
      <translation>Locked until</translation>
    </message>
    <message>
      <source>数值</source>
      <translation>Value</translation>
    </message>
    <message>
      <source>合同数</source>
      <translation>Contracts</translation>
    </message>
    <message>
      <source>逾期金额（元）</source>
      <translation>Overdue (yuan)</translation>
    </message>
    <message>
      <source>截至</source>
      <translation>As of</translation>
    </message>
    <message>
      <source>说明</source>
      <translation>Details</translation>
    </message>
    <message>
      <source>总部服务器同步时发现的问题，需店长核对处理：</source>
      <translation>Problems the head office server found while syncing, for the manager to check:</translation>
    </message>
    <message>
      <source>金额（元）</source>
      <translation>Amount (yuan)</translation>
    </message>
    <message>
      <source>下一步</source>
      <translation>Next step</translation>
    </message>
    <message>
      <source>联系结果，如：已接通，客户承诺周五还款</source>
      <translation>outcome, e.g. reached; promised to pay Friday</translation>
    </message>
    <message>
      <source>请先在左侧选择一个合同</source>
      <translation>Choose a contract on the left first</translation>
    </message>
    <message>
      <source>期数分布：{terms}</source>
      <translation>Terms: {terms}</translation>
    </message>
    <message>
      <source>{by} 将 {staff} 的申请改判为 {decision}：{why}</source>
      <translation>{by} changed {staff}'s application to {decision}: {why}</translation>
    </message>
    <message>
      <source>已冲正 {amount} 元</source>
      <translation>Reversed {amount} yuan</translation>
    </message>
    <message>
      <source>确认收款</source>
      <translation>Confirm payment</translation>
    </message>
    <message>
      <source>已收款 {amount} 元：{went}</source>
      <translation>Took {amount} yuan: {went}</translation>
    </message>
    <message>
      <source>今日结清应付 {total} 元：</source>
      <translation>Settle today: {total} yuan</translation>
    </message>
    <message>
      <source>剩余本金 {amount}</source>
      <translation>principal left {amount}</translation>
    </message>
    <message>
      <source>当期利息/手续费 {amount}</source>
      <translation>current interest/fee {amount}</translation>
    </message>
    <message>
      <source>提前还款手续费 {amount}（{rate}）</source>
      <translation>early payoff fee {amount} ({rate})</translation>
    </message>
    <message>
      <source>按原计划还完剩余各期共 {amount} 元</source>
      <translation>Paying the remaining instalments as signed: {amount} yuan in all</translation>
    </message>
    <message>
      <source>已结清，收款 {total} 元，合同关闭</source>
      <translation>Settled: took {total} yuan, contract closed</translation>
    </message>
    <message>
      <source>已解锁 {username}</source>
      <translation>{username} unlocked</translation>
    </message>
    <message>
      <source>已记录。发送内容：{text}</source>
      <translation>Logged. Message: {text}</translation>
    </message>
    <message>
      <source>分期渗透率：{rate}</source>
      <translation>Installment penetration: {rate}</translation>
    </message>
    <message>
      <source>该客户还有合同：{numbers}</source>
      <translation>The customer's other contracts: {numbers}</translation>
    </message>
    <message>
      <source>{number}（{status}）尚欠本息 {outstanding} 元，违约金 {late_fees} 元，其中逾期 {overdue} 元</source>
      <translation>{number} ({status}) owes {outstanding} yuan of principal and interest, late fees {late_fees} yuan; overdue {overdue} yuan</translation>
    </message>
    <message>
      <source>第 {n} 期{part} {amount}</source>
      <translation>instalment {n} {part} {amount}</translation>
    </message>
    <message>
      <source>提前结清比按期还款多付 {amount} 元，请告知客户</source>
      <translation>Settling now costs {amount} yuan more than paying the instalments: tell the customer</translation>
    </message>
    <message>
      <source>{name} 天</source>
      <translation>{name} days</translation>
    </message>
    <message>
      <source>客户 {name}  {phone}</source>
      <translation>Customer {name}  {phone}</translation>
    </message>
    <message>
      <source>请与客户确认：收款 {amount} 元，{went}。无误请按“确认收款”</source>
      <translation>Confirm with the customer: {amount} yuan, {went}. If right, press Confirm payment</translation>
    </message>
    <message>
      <source>上一步（Esc）</source>
      <translation>Back (Esc)</translation>
    </message>
    <message>
      <source>下一步（回车）</source>
      <translation>Next (Enter)</translation>
    </message>
    <message>
      <source>完成（回车）</source>
      <translation>Done (Enter)</translation>
    </message>
    <message>
      <source>公务员/事业单位</source>
      <translation>Civil service / public institution</translation>
    </message>
    <message>
      <source>企业职工</source>
      <translation>Salaried employee</translation>
    </message>
    <message>
      <source>个体经营</source>
      <translation>Self-employed</translation>
    </message>
    <message>
      <source>自由职业</source>
      <translation>Freelance</translation>
    </message>
    <message>
      <source>退休</source>
      <translation>Retired</translation>
    </message>
    <message>
      <source>学生</source>
      <translation>Student</translation>
    </message>
    <message>
      <source>无业</source>
      <translation>Unemployed</translation>
    </message>
    <message>
      <source>无记录</source>
      <translation>No record</translation>
    </message>
    <message>
      <source>按时还款</source>
      <translation>Paid on time</translation>
    </message>
    <message>
      <source>曾逾期</source>
      <translation>Paid late before</translation>
    </message>
    <message>
      <source>逾期未还</source>
      <translation>Overdue now</translation>
    </message>
    <message>
      <source>⑧ 合同与收据：已签约，打印交给客户</source>
      <translation>⑧ Contract and receipt: signed; print them for the customer</translation>
    </message>
    <message>
      <source>打印合同（门店联 + 客户联）</source>
      <translation>Print contract (store + customer copy)</translation>
    </message>
    <message>
      <source>另存为 PDF…</source>
      <translation>Save as PDF…</translation>
    </message>
    <message>
      <source>收据</source>
      <translation>Receipt</translation>
    </message>
    <message>
      <source>合同 {number} 已保存，正在生成并签章 PDF…</source>
      <translation>Contract {number} saved; making and sealing the PDF…</translation>
    </message>
    <message>
      <source>合同 {number} 已签章，文件在 {folder}</source>
      <translation>Contract {number} sealed; files in {folder}</translation>
    </message>
    <message>
      <source>合同 {number} 已保存，但 PDF 未生成：可在首页“今日合同”中重打</source>
      <translation>Contract {number} is saved but its PDFs were not made: reprint it from Today's contracts on the home screen</translation>
    </message>
    <message>
      <source>配偶</source>
      <translation>Spouse</translation>
    </message>
    <message>
      <source>父母</source>
      <translation>Parent</translation>
    </message>
    <message>
      <source>子女</source>
      <translation>Child</translation>
    </message>
    <message>
      <source>兄弟姐妹</source>
      <translation>Sibling</translation>
    </message>
    <message>
      <source>朋友</source>
      <translation>Friend</translation>
    </message>
    <message>
      <source>同事</source>
      <translation>Colleague</translation>
    </message>
    <message>
      <source>② 客户信息：扫描或导入身份证，核对后填写联系方式与收入</source>
      <translation>② Customer: scan or import the ID card, check it, then contact details and income</translation>
    </message>
    <message>
      <source>扫描身份证（F2）</source>
      <translation>Scan ID card (F2)</translation>
    </message>
    <message>
      <source>导入人像面照片…</source>
      <translation>Import photo side…</translation>
    </message>
    <message>
      <source>导入国徽面照片…</source>
      <translation>Import emblem side…</translation>
    </message>
    <message>
      <source>未识别：可直接手工填写</source>
      <translation>Not read: you may type the details</translation>
    </message>
    <message>
      <source>身份证（黄色为需核对的字段）</source>
      <translation>ID card (yellow fields need checking)</translation>
    </message>
    <message>
      <source>手机号</source>
      <translation>Mobile number</translation>
    </message>
    <message>
      <source>月收入（元）</source>
      <translation>Monthly income (yuan)</translation>
    </message>
    <message>
      <source>每月已有还款（元）</source>
      <translation>Existing monthly repayments (yuan)</translation>
    </message>
    <message>
      <source>现单位工作年限</source>
      <translation>Years with current employer</translation>
    </message>
    <message>
      <source>紧急联系人</source>
      <translation>Emergency contact</translation>
    </message>
    <message>
      <source>联系人电话</source>
      <translation>Contact's phone</translation>
    </message>
    <message>
      <source>与客户关系</source>
      <translation>Relation to customer</translation>
    </message>
    <message>
      <source>紧急联系人仅用于请其转告客户，不会被告知任何欠款信息。</source>
      <translation>The emergency contact is only asked to pass on a message; they are never told about any debt.</translation>
    </message>
    <message>
      <source>联系方式与收入</source>
      <translation>Contact and income</translation>
    </message>
    <message>
      <source>选择身份证照片</source>
      <translation>Choose an ID card photo</translation>
    </message>
    <message>
      <source>图片 (*.jpg *.jpeg *.png *.bmp)</source>
      <translation>Images (*.jpg *.jpeg *.png *.bmp)</translation>
    </message>
    <message>
      <source>正在识别…</source>
      <translation>Reading…</translation>
    </message>
    <message>
      <source>号码校验通过</source>
      <translation>ID number check digit OK</translation>
    </message>
    <message>
      <source>号码校验未通过</source>
      <translation>ID number check digit failed</translation>
    </message>
    <message>
      <source>识别失败：请重拍或手工填写</source>
      <translation>Could not read: take the photo again or type the details</translation>
    </message>
    <message>
      <source>11 位手机号</source>
      <translation>11-digit mobile number</translation>
    </message>
    <message>
      <source>元/月</source>
      <translation>yuan/month</translation>
    </message>
    <message>
      <source>选填</source>
      <translation>optional</translation>
    </message>
    <message>
      <source>未读到有效期限：请扫描或导入国徽面，或照证件手工填写</source>
      <translation>No validity read: scan or import the back of the card, or type it from the card</translation>
    </message>
    <message>
      <source>已识别（{check}）</source>
      <translation>Read ({check})</translation>
    </message>
    <message>
      <source>老客户：已找到本连锁的记录</source>
      <translation>Returning customer: found in the chain's records</translation>
    </message>
    <message>
      <source>新客户</source>
      <translation>New customer</translation>
    </message>
    <message>
      <source>国徽面</source>
      <translation> (emblem side)</translation>
    </message>
    <message>
      <source>人像面</source>
      <translation> (photo side)</translation>
    </message>
    <message>
      <source>已识别（{check}），{doubtful} 项需核对</source>
      <translation>Read ({check}); {doubtful} fields to check</translation>
    </message>
    <message>
      <source>⑥ 客户在客户屏上逐条阅读并确认关键条款</source>
      <translation>⑥ The customer reads and confirms each key clause on their screen</translation>
    </message>
    <message>
      <source>打开客户屏</source>
      <translation>Show customer screen</translation>
    </message>
    <message>
      <source>请客户在客户屏上确认第 {x} 条：店员不能代为确认</source>
      <translation>The customer confirms clause {x} on their screen: the clerk cannot confirm for them</translation>
    </message>
    <message>
      <source>条款已全部确认，请客户签名</source>
      <translation>All clauses confirmed: the customer signs next</translation>
    </message>
    <message>
      <source>客户屏：{screen}。请向客户讲解屏幕上的条款，由客户本人点击确认。</source>
      <translation>Customer screen: {screen}. Explain the clause on screen; the customer confirms it with their own hand.</translation>
    </message>
    <message>
      <source>客户正在阅读第 {x} / {clauses} 条</source>
      <translation>The customer is reading clause {x} of {clauses}</translation>
    </message>
    <message>
      <source>全部 {clauses} 条已确认</source>
      <translation>All {clauses} clauses confirmed</translation>
    </message>
    <message>
      <source>① 选择手机：搜索品牌、型号、SKU，或扫描条码 / IMEI</source>
      <translation>① Phone: search brand, model or SKU, or scan the barcode / IMEI</translation>
    </message>
    <message>
      <source>输入或扫描，回车确认</source>
      <translation>Type or scan, Enter to confirm</translation>
    </message>
    <message>
      <source>售价（元）</source>
      <translation>Price (yuan)</translation>
    </message>
    <message>
      <source>库存</source>
      <translation>In stock</translation>
    </message>
    <message>
      <source>无结果：换个关键词试试</source>
      <translation>No results: try other words</translation>
    </message>
    <message>
      <source>IMEI 为 15 位数字（已输入 {count} 位）</source>
      <translation>An IMEI has 15 digits ({count} typed so far)</translation>
    </message>
    <message>
      <source>④ 选择分期方案：月供、总成本和年化利率（IRR）并排比较，无任何隐藏费用</source>
      <translation>④ Plan: monthly payment, total cost and true annual rate (IRR) side by side; no hidden fees</translation>
    </message>
    <message>
      <source>首付（元）</source>
      <translation>Down payment (yuan)</translation>
    </message>
    <message>
      <source>各方案比现金价多付（利息/手续费，元）</source>
      <translation>What each plan costs beyond the cash price (interest/fees, yuan)</translation>
    </message>
    <message>
      <source>请选择一个分期方案</source>
      <translation>Choose a plan</translation>
    </message>
    <message>
      <source>不是金额</source>
      <translation>not an amount</translation>
    </message>
    <message>
      <source>首付：{problem}</source>
      <translation>Down payment: {problem}</translation>
    </message>
    <message>
      <source>现金价 {cart_price}，以旧换新抵扣 {cart_trade_in_credit}，分期金额 {cart_financed}</source>
      <translation>Cash price {cart_price}, trade-in credit {cart_trade_in_credit}, financed {cart_financed}</translation>
    </message>
    <message>
      <source>{method_label} {q_term} 期</source>
      <translation>{method_label}, {q_term} months</translation>
    </message>
    <message>
      <source>⑤ 风控预审</source>
      <translation>⑤ Risk pre-check</translation>
    </message>
    <message>
      <source>店长复核（店长本人登录，写明理由）</source>
      <translation>Manager review (the manager logs in and writes the reason)</translation>
    </message>
    <message>
      <source>理由</source>
      <translation>Reason</translation>
    </message>
    <message>
      <source>请告知客户：本笔分期需总部审批，结果返回前不会签约，也不收取任何费用。</source>
      <translation>Tell the customer: this plan needs head-office approval; nothing is signed or charged until it comes back.</translation>
    </message>
    <message>
      <source>查询审批结果</source>
      <translation>Check for the decision</translation>
    </message>
    <message>
      <source>正在预审…</source>
      <translation>Running the pre-check…</translation>
    </message>
    <message>
      <source>正在查询总部审批结果…</source>
      <translation>Asking head office…</translation>
    </message>
    <message>
      <source>无法连接中心服务器：请稍后再查询（销售已保存为草稿）</source>
      <translation>The central server cannot be reached: ask again later (the sale is saved as a draft)</translation>
    </message>
    <message>
      <source>预审未通过，不能办理分期</source>
      <translation>Declined by the pre-check: no installment sale</translation>
    </message>
    <message>
      <source>店长工号</source>
      <translation>manager's staff ID</translation>
    </message>
    <message>
      <source>店长密码</source>
      <translation>manager's password</translation>
    </message>
    <message>
      <source>复核理由（至少 5 个字）</source>
      <translation>reason (at least 5 characters)</translation>
    </message>
    <message>
      <source>批准</source>
      <translation>Approve</translation>
    </message>
    <message>
      <source>各项条件均满足</source>
      <translation>Every condition is met</translation>
    </message>
    <message>
      <source>总部尚未审批：请客户稍候，或保存后稍后继续</source>
      <translation>Not decided yet: ask the customer to wait, or carry on with the draft later</translation>
    </message>
    <message>
      <source>预审未完成：请检查客户信息后重试</source>
      <translation>The pre-check did not run: check the customer's details and try again</translation>
    </message>
    <message>
      <source>需店长复核后才能继续</source>
      <translation>A manager must review before the sale can go on</translation>
    </message>
    <message>
      <source>已提交总部审批：审批通过前不能签约</source>
      <translation>Sent to head office: nothing can be signed until it approves</translation>
    </message>
    <message>
      <source>{tier_code}（{tier_name}）</source>
      <translation>{tier_code} ({tier_name})</translation>
    </message>
    <message>
      <source>风险等级：{tier}　评分：{result_score}（{items}）</source>
      <translation>Risk tier: {tier}   score: {result_score} ({items})</translation>
    </message>
    <message>
      <source>预审结果：{decision}</source>
      <translation>Pre-check: {decision}</translation>
    </message>
    <message>
      <source>⑦ 客户在客户屏上签名</source>
      <translation>⑦ The customer signs on their screen</translation>
    </message>
    <message>
      <source>请客户重签</source>
      <translation>Ask to sign again</translation>
    </message>
    <message>
      <source>首付收款方式</source>
      <translation>Down payment paid by</translation>
    </message>
    <message>
      <source>请客户在客户屏上签名并点击“确认签名”</source>
      <translation>Waiting for the customer to sign on their screen and press Confirm signature</translation>
    </message>
    <message>
      <source>客户已签名：选择首付收款方式后按回车签约</source>
      <translation>Signed by the customer: choose how the down payment was paid, then press Enter to sign</translation>
    </message>
    <message>
      <source>客户已签名：按回车签约</source>
      <translation>The customer has signed: press Enter to sign the contract</translation>
    </message>
    <message>
      <source>签名太短：请客户重签</source>
      <translation>The signature is too short: ask the customer to sign again</translation>
    </message>
    <message>
      <source>请客户在客户屏上签名</source>
      <translation>The customer signs on their screen first</translation>
    </message>
    <message>
      <source>③ 以旧换新（可选）：按问卷估价，逐项列明扣减</source>
      <translation>③ Trade-in (optional): appraise by the questionnaire, each deduction itemised</translation>
    </message>
    <message>
      <source>客户用旧手机抵扣</source>
      <translation>Customer trades in an old phone</translation>
    </message>
    <message>
      <source>旧机情况</source>
      <translation>Old phone's condition</translation>
    </message>
    <message>
      <source>激活锁未解除</source>
      <translation>Activation lock still on</translation>
    </message>
    <message>
      <source>估价</source>
      <translation>Appraise</translation>
    </message>
    <message>
      <source>型号</source>
      <translation>Model</translation>
    </message>
    <message>
      <source>容量</source>
      <translation>Storage</translation>
    </message>
    <message>
      <source>屏幕</source>
      <translation>Screen</translation>
    </message>
    <message>
      <source>外观</source>
      <translation>Body</translation>
    </message>
    <message>
      <source>电池健康</source>
      <translation>Battery health</translation>
    </message>
    <message>
      <source>故障</source>
      <translation>Faults</translation>
    </message>
    <message>
      <source>拨 *#06# 查看 15 位 IMEI</source>
      <translation>dial *#06# for the 15-digit IMEI</translation>
    </message>
    <message>
      <source>这台旧机不能回收：{appraisal_reason}</source>
      <translation>This phone cannot be traded in: {appraisal_reason}</translation>
    </message>
    <message>
      <source>基础回收价 {appraisal_base_price}</source>
      <translation>Base trade-in price {appraisal_base_price}</translation>
    </message>
    <message>
      <source>已估价：请与客户核对抵扣金额，再按回车继续</source>
      <translation>Appraised: check the credit with the customer, then press Enter to go on</translation>
    </message>
    <message>
      <source>{grade} 级</source>
      <translation>grade {grade}</translation>
    </message>
    <message>
      <source>抵扣金额 {appraisal_credit} 元</source>
      <translation>Credit {appraisal_credit} yuan</translation>
    </message>
    <message>
      <source>不予回收：{appraisal_reason}</source>
      <translation>Not taken: {appraisal_reason}</translation>
    </message>
    <message>
      <source>保存 PDF</source>
      <translation>Save PDF</translation>
    </message>
    <message>
      <source>打印</source>
      <translation>Print</translation>
    </message>
    <message>
      <source>未打印：本机没有打印机或已取消。已签章的 PDF 保存在 {folder}</source>
      <translation>Not printed: no printer on this computer, or cancelled. The signed PDFs are in {folder}</translation>
    </message>
    <message>
      <source>已打印到文件：{files}</source>
      <translation>Printed to file: {files}</translation>
    </message>
    <message>
      <source>请在线上方签名</source>
      <translation>Sign above the line</translation>
    </message>
  </context>
</TS>
