// N x N iSLIP allocator (McKeown, IEEE/ACM ToN 1999): the RTL twin of snsim::IslipAllocator
// (models/switch/arbiters.h, .cpp), decision for decision.
//
// Within one clock cycle, combinationally, ITERATIONS rounds of
//   grant:  each unmatched output grants the first unmatched requesting input at or after its grant
//           pointer (round robin, wrapping);
//   accept: each input that received grants accepts the first granting output at or after its accept
//           pointer; the pair is matched and takes no part in the later rounds.
// At the next rising clock edge, for each pair (i, j) matched in the FIRST round only, output j's grant
// pointer moves just past the input, (i + 1) mod N, and input i's accept pointer just past the output,
// (j + 1) mod N. Pairs matched in later rounds leave the pointers alone: that is what desynchronizes
// the pointers and gives iSLIP its throughput. Pointers reset to 0.
//
// Bit layout: req_i[i*N + j] is input i requesting output j; match_out_o[i*PW +: PW] is input i's output,
// valid when match_valid_o[i]; grant_ptr_o[j*PW +: PW] is output j's grant pointer; accept_ptr_o[i*PW +:
// PW] is input i's accept pointer.
//
// The rounds are written as loops in one always_comb block rather than as generate blocks, and the
// N x N matrices as unpacked arrays of N-bit rows: the hardware is the same, and Verilator can then emit
// loops over machine words instead of N*N*ITERATIONS unrolled bit statements, which keeps the Verilated
// model small enough to build quickly and fast to simulate (testbench/CMakeLists.txt, docs/cosim.md).
//
// MUTATE plants one wrong priority update, for the harness's mutation test only:
//   1: a first-round grant pointer moves to the accepted input instead of just past it;
//   2: the pointers also move on the matches of later rounds (differs only with ITERATIONS > 1).
module islip_allocator #(
    parameter int unsigned N = 4,
    parameter int unsigned ITERATIONS = 1,
    parameter int unsigned MUTATE = 0,
    localparam int unsigned PW = (N > 1) ? $clog2(N) : 1
) (
    input  logic            clk_i,
    input  logic            rst_ni,         // asynchronous, active low
    input  logic [ N*N-1:0] req_i,
    output logic [   N-1:0] match_valid_o,
    output logic [N*PW-1:0] match_out_o,
    output logic [N*PW-1:0] grant_ptr_o,
    output logic [N*PW-1:0] accept_ptr_o
);
  `include "rr_first.svh"

  logic [N-1:0][PW-1:0] grant_ptr_q;   // per output
  logic [N-1:0][PW-1:0] accept_ptr_q;  // per input

  // Every round's decisions, kept as signals so that a waveform shows each round:
  logic [N-1:0] round_granted [ITERATIONS][N];   // [r][j]: one-hot input granted by output j
  logic [N-1:0] round_accepted[ITERATIONS][N];   // [r][i]: one-hot output accepted by input i

  // The pointers after the next clock edge:
  logic [N-1:0][PW-1:0] next_grant_ptr;
  logic [N-1:0][PW-1:0] next_accept_ptr;

  logic [N-1:0]         requesters[N];  // [j]: the inputs requesting output j
  logic [N-1:0]         in_free;     // inputs still unmatched before the current round
  logic [N-1:0]         out_free;    // outputs still unmatched before the current round
  logic [N-1:0]         grants[N];   // [i]: the outputs granting input i in the current round
  logic [N-1:0][PW-1:0] match_out;
  logic [PW-1:0]        accepted;    // the output accepted by the input at hand

  always_comb begin
    for (int unsigned j = 0; j < N; j++) begin
      for (int unsigned i = 0; i < N; i++) requesters[j][i] = req_i[i*N+j];
    end
    in_free         = '1;
    out_free        = '1;
    match_out       = '0;
    accepted        = '0;
    next_grant_ptr  = grant_ptr_q;
    next_accept_ptr = accept_ptr_q;
    for (int unsigned r = 0; r < ITERATIONS; r++) begin
      // Grant.
      for (int unsigned j = 0; j < N; j++) begin
        round_granted[r][j] = rr_first(out_free[j] ? (requesters[j] & in_free) : '0, grant_ptr_q[j]);
      end
      for (int unsigned i = 0; i < N; i++) begin
        for (int unsigned j = 0; j < N; j++) grants[i][j] = round_granted[r][j][i];
      end
      // Accept. An input is granted only while it is unmatched, and each output grants one input, so
      // every accepted pair is new on both sides.
      for (int unsigned i = 0; i < N; i++) begin
        round_accepted[r][i] = rr_first(grants[i], accept_ptr_q[i]);
        accepted = rr_index(round_accepted[r][i]);
        if (|round_accepted[r][i]) begin
          in_free[i] = 1'b0;
          out_free[accepted] = 1'b0;
          match_out[i] = accepted;
          if (r == 0 || MUTATE == 2) begin
            next_accept_ptr[i] = rr_past(accepted);
            next_grant_ptr[accepted] = (MUTATE == 1) ? PW'(i) : rr_past(PW'(i));
          end
        end
      end
    end
  end

  assign match_valid_o = ~in_free;
  assign match_out_o   = match_out;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      grant_ptr_q  <= '0;
      accept_ptr_q <= '0;
    end else begin
      grant_ptr_q  <= next_grant_ptr;
      accept_ptr_q <= next_accept_ptr;
    end
  end

  assign grant_ptr_o  = grant_ptr_q;
  assign accept_ptr_o = accept_ptr_q;
endmodule
