// N-port input-queued crossbar switch: the RTL twin of snsim::CrossbarSwitch (models/switch/
// crossbar_switch.h) in the subset `impl: rtl` accepts (docs/cosim.md): one VC, credit flow control,
// store-and-forward, no output queues, a pipeline latency of at least one cycle, and either
//   VOQ = 0: one FIFO per input; each output picks among the inputs whose head asks for it with a
//            round-robin arbiter (rr_arbiter), or
//   VOQ = 1: one virtual output queue per input and output, matched by iSLIP (islip_allocator) with
//            ITERATIONS rounds.
//
// Every port is a valid/ready stream of flits. A flit is {dest, cost, tag}: the packet's output port,
// the credits it takes in the next buffer (its size in buffer flits) and a tag that names it; the
// payload stays in the transactor's packet memory (models/rtl_switch/rtl_crossbar_switch.*), the switch
// moves the tags. A packet is one flit on these ports (the link, not the switch, serializes it).
//
// Cycle by cycle, as the twin's step():
//   - a flit accepted on input i in cycle c enters its queue at the clock edge and may be switched from
//     cycle c + latency_i (the queue entry keeps that cycle: the switch is clocked only on cycles with
//     work, so it takes the cycle number as the input cycle_i rather than counting clock edges);
//   - a head packet is eligible when its cycle has come, its input is free, its output's ready is high
//     (the link takes a packet) and the output holds credits for its cost; credits arriving in this
//     cycle (credit_valid_i / credit_flits_i) count already;
//   - the allocator grants in the same cycle: out_valid_o / out_flit_o carry the packet (a grant needs
//     the output's ready, so valid implies the transfer), credit_valid_o / credit_flits_o return its
//     cost to the upstream sender of its input (its buffer space is free), and the output's credits
//     drop by the cost;
//   - the input stays busy (streams the packet at link rate) until the output it sent to is ready again.
//
// MUTATE plants one wrong priority update in the allocator, for the harness's mutation test only:
// rr_arbiter / islip_allocator MUTATE 1 (the pointer moves to the winner instead of past it).
module crossbar_switch #(
    parameter int unsigned N = 4,
    parameter int unsigned VOQ = 0,
    parameter int unsigned ITERATIONS = 1,
    parameter int unsigned DEPTH = 64,  // packets per queue, a power of two
    parameter int unsigned TAGW = 16,
    parameter int unsigned COSTW = 16,
    parameter int unsigned CREDW = 32,
    parameter int unsigned TW = 64,
    parameter int unsigned MUTATE = 0,
    localparam int unsigned PW = (N > 1) ? $clog2(N) : 1,
    localparam int unsigned FW = PW + COSTW + TAGW,  // flit: {dest, cost, tag}
    localparam int unsigned NQ = (VOQ != 0) ? N * N : N,  // queues
    localparam int unsigned DW = (DEPTH > 1) ? $clog2(DEPTH) : 1,
    localparam int unsigned QW = DW + 1 + PW  // packets buffered per input: up to N queues of DEPTH
) (
    input  logic               clk_i,
    input  logic               rst_ni,          // asynchronous, active low
    input  logic [     TW-1:0] cycle_i,         // the cycle being evaluated
    input  logic [     TW-1:0] latency_i,       // pipeline latency in cycles, >= 1
    input  logic [  CREDW-1:0] credit_init_i,   // credits of every output at reset
    input  logic [      N-1:0] in_valid_i,
    output logic [      N-1:0] in_ready_o,
    input  logic [   N*FW-1:0] in_flit_i,
    output logic [      N-1:0] out_valid_o,
    input  logic [      N-1:0] out_ready_i,
    output logic [   N*FW-1:0] out_flit_o,
    input  logic [      N-1:0] credit_valid_i,  // credits from downstream, per output
    input  logic [N*CREDW-1:0] credit_flits_i,
    output logic [      N-1:0] credit_valid_o,  // credits to upstream, per input
    output logic [N*COSTW-1:0] credit_flits_o,
    output logic [N*CREDW-1:0] credits_o,       // per output, before this cycle's changes
    output logic [      N-1:0] waiting_o,       // per input: an eligible head that was not granted
    // Observability (waveforms and the fabric's statistics; no decision depends on them):
    output logic [      N-1:0] stall_o,         // per output: a head held back only by its credits
    output logic [      N-1:0] busy_o,          // per input: streaming a packet (busy_q)
    output logic [   N*QW-1:0] queued_o         // per input: packets in its queue(s), before the edge
);
  // A queue entry: the flit and the first cycle the packet may be switched.
  localparam int unsigned EW = FW + TW;

  // ---- per input and output state ----------------------------------------------------------------
  logic [N-1:0]            busy_q;      // input i streams a packet to output busy_out_q[i]
  logic [N-1:0][PW-1:0]    busy_out_q;
  logic [N-1:0][CREDW-1:0] credits_q;

  // ---- queues: FIFO q = input q, or VOQ q = input q / N toward output q % N ----------------------------
  logic [N-1:0][PW-1:0]    in_dest;     // the output each input's arriving flit asks for
  logic [N-1:0]            push;        // that flit enters its queue at the edge
  logic [NQ-1:0][EW-1:0]   q_head;      // each queue's head entry
  logic [NQ-1:0][DW:0]     q_count;
  logic [NQ-1:0]           q_push, q_pop;

  // ---- allocation inputs and results --------------------------------------------------------------
  logic [N-1:0][CREDW-1:0] avail;       // credits including this cycle's arrivals
  logic [N-1:0]            in_free;
  logic [N*N-1:0]          req;         // req[i*N + j]: input i asks output j
  logic [N-1:0]            granted;     // per input
  logic [N-1:0][PW-1:0]    granted_out; // per input

  // Nested over inputs and (VOQ) outputs: each generate loop stays short enough for Verilator to unroll.
  localparam int unsigned QPI = (VOQ != 0) ? N : 1;  // queues per input
  logic [NQ-1:0]         q_eligible;  // the queue's head may be switched now
  logic [NQ-1:0]         q_short;     // ... but for its output's credits
  logic [NQ-1:0][PW-1:0] q_dest;      // the output its head asks for
  for (genvar gi = 0; gi < N; gi++) begin : g_input
    for (genvar gj = 0; gj < QPI; gj++) begin : g_queue
      localparam int unsigned Q = gi * QPI + gj;
      logic [TW-1:0] ready_at;
      logic [COSTW-1:0] cost;
      assign q_push[Q] = push[gi] && ((VOQ == 0) || in_dest[gi] == PW'(gj));
      assign q_pop[Q]  = granted[gi] && ((VOQ == 0) || granted_out[gi] == PW'(gj));
      xbar_queue #(.W(EW), .DEPTH(DEPTH)) u_queue (
          .clk_i,
          .rst_ni,
          .push_i (q_push[Q]),
          .data_i ({in_flit_i[gi*FW+:FW], cycle_i + latency_i}),
          .pop_i  (q_pop[Q]),
          .count_o(q_count[Q]),
          .head_o (q_head[Q])
      );
      assign {q_dest[Q], cost} = q_head[Q][EW-1-:PW+COSTW];
      assign ready_at = q_head[Q][TW-1:0];
      // Its cycle has come, its input is free, its output takes a packet and has the credits.
      assign q_eligible[Q] = q_count[Q] != 0 && ready_at <= cycle_i && in_free[gi] && out_ready_i[q_dest[Q]] &&
                             avail[q_dest[Q]] >= CREDW'(cost);
      // The TLM switch's flow-control stall of that output (CrossbarSwitch::eligible, flow_blocked).
      assign q_short[Q] = q_count[Q] != 0 && ready_at <= cycle_i && in_free[gi] && out_ready_i[q_dest[Q]] &&
                          avail[q_dest[Q]] < CREDW'(cost);
    end
  end

  always_comb begin
    for (int unsigned j = 0; j < N; j++) begin
      avail[j] = credits_q[j] + (credit_valid_i[j] ? credit_flits_i[j*CREDW+:CREDW] : '0);
    end
    for (int unsigned i = 0; i < N; i++) begin
      in_free[i] = !busy_q[i] || out_ready_i[busy_out_q[i]];
    end
  end
  // Separate blocks: in_ready depends on in_dest, push on in_ready.
  always_comb begin
    for (int unsigned i = 0; i < N; i++) in_dest[i] = in_flit_i[i*FW+COSTW+TAGW+:PW];
  end
  always_comb begin
    for (int unsigned i = 0; i < N; i++) begin
      in_ready_o[i] = q_count[(VOQ != 0) ? i * N + int'(in_dest[i]) : i] != (DW+1)'(DEPTH);
    end
  end
  always_comb begin
    for (int unsigned i = 0; i < N; i++) push[i] = in_valid_i[i] && in_ready_o[i];
  end

  // Requests: FIFO input i asks its head's output; VOQ (i, j) asks j.
  always_comb begin
    for (int unsigned i = 0; i < N; i++) begin
      for (int unsigned j = 0; j < N; j++) begin
        if (VOQ != 0) req[i*N+j] = q_eligible[i*N+j];
        else req[i*N+j] = q_eligible[i] && q_dest[i] == PW'(j);
      end
    end
  end

  // ---- allocation --------------------------------------------------------------------------------
  if (VOQ != 0) begin : g_islip
    logic [N*PW-1:0] match_out;
    /* verilator lint_off UNUSEDSIGNAL */
    logic [N*PW-1:0] grant_ptr, accept_ptr;  // for the waveform
    /* verilator lint_on UNUSEDSIGNAL */
    islip_allocator #(.N(N), .ITERATIONS(ITERATIONS), .MUTATE(MUTATE)) u_alloc (
        .clk_i,
        .rst_ni,
        .req_i        (req),
        .match_valid_o(granted),
        .match_out_o  (match_out),
        .grant_ptr_o  (grant_ptr),
        .accept_ptr_o (accept_ptr)
    );
    always_comb begin
      for (int unsigned i = 0; i < N; i++) granted_out[i] = match_out[i*PW+:PW];
    end
  end else begin : g_separable
    // Each input asks for at most one output (its head's), so the outputs' picks never collide.
    logic [N-1:0] grant_by_out[N];  // [j]: one-hot input
    for (genvar j = 0; j < N; j++) begin : g_out
      logic [N-1:0] requesters;
      /* verilator lint_off UNUSEDSIGNAL */
      logic [PW-1:0] ptr;  // for the waveform
      /* verilator lint_on UNUSEDSIGNAL */
      always_comb begin
        for (int unsigned i = 0; i < N; i++) requesters[i] = req[i*N+j];
      end
      rr_arbiter #(.N(N), .MUTATE(MUTATE)) u_arb (
          .clk_i,
          .rst_ni,
          .req_i  (requesters),
          .grant_o(grant_by_out[j]),
          .ptr_o  (ptr)
      );
    end
    always_comb begin
      granted     = '0;
      granted_out = '0;
      for (int unsigned j = 0; j < N; j++) begin
        for (int unsigned i = 0; i < N; i++) begin
          if (grant_by_out[j][i]) begin
            granted[i]     = 1'b1;
            granted_out[i] = PW'(j);
          end
        end
      end
    end
  end

  // ---- outputs -----------------------------------------------------------------------------------
  logic [N-1:0][EW-1:0] sent;  // per input: the head entry it sends (when granted)
  always_comb begin
    for (int unsigned i = 0; i < N; i++) begin
      sent[i] = q_head[(VOQ != 0) ? i * N + int'(granted_out[i]) : i];
    end
  end

  always_comb begin
    out_valid_o    = '0;
    out_flit_o     = '0;
    credit_valid_o = granted;
    credit_flits_o = '0;
    waiting_o      = '0;
    for (int unsigned i = 0; i < N; i++) begin
      if (granted[i]) begin
        out_valid_o[granted_out[i]] = 1'b1;
        out_flit_o[int'(granted_out[i])*FW+:FW] = sent[i][EW-1-:FW];
        credit_flits_o[i*COSTW+:COSTW] = sent[i][EW-1-PW-:COSTW];
      end
      waiting_o[i] = |req[i*N+:N] && !granted[i];
    end
    for (int unsigned j = 0; j < N; j++) credits_o[j*CREDW+:CREDW] = credits_q[j];
  end

  always_comb begin
    stall_o  = '0;
    queued_o = '0;
    for (int unsigned q = 0; q < NQ; q++) begin
      if (q_short[q]) stall_o[q_dest[q]] = 1'b1;
      queued_o[(q/QPI)*QW+:QW] = queued_o[(q/QPI)*QW+:QW] + QW'(q_count[q]);
    end
    busy_o = busy_q;
  end

  // ---- state -------------------------------------------------------------------------------------
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy_q     <= '0;
      busy_out_q <= '0;
      for (int unsigned j = 0; j < N; j++) credits_q[j] <= credit_init_i;
    end else begin
      for (int unsigned j = 0; j < N; j++) begin
        credits_q[j] <= avail[j] - (out_valid_o[j] ? CREDW'(out_flit_o[j*FW+TAGW+:COSTW]) : '0);
      end
      for (int unsigned i = 0; i < N; i++) begin
        if (granted[i]) begin
          busy_q[i]     <= 1'b1;
          busy_out_q[i] <= granted_out[i];
        end else if (busy_q[i] && out_ready_i[busy_out_q[i]]) begin
          busy_q[i] <= 1'b0;
        end
      end
    end
  end
endmodule
