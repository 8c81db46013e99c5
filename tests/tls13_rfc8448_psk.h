/*
 * tls13_rfc8448_psk.h -- RFC 8448 section 4 ("Resumed 0-RTT Handshake",
 * TLS_AES_128_GCM_SHA256), which resumes the session of section 3 with a
 * PSK and sends early data: the values below are copied from the RFC.
 */
#ifndef KUMASSL_TESTS_TLS13_RFC8448_PSK_H
#define KUMASSL_TESTS_TLS13_RFC8448_PSK_H

/* section 3: {server} derive secret "tls13 res master" */
#define P_RES_MASTER "7df235f2031d2a051287d02b0241b0bfdaf86cc856231f2d5aba46c434ec196c"
/* section 3: {server} NewSessionTicket (205 octets; ticket nonce 00 00, max_early_data_size 1024) */
#define P_NST \
    "040000c90000001efad6aac502000000b22c035d829359ee5ff7af4ec900000000262a6494dc486d2c8a34cb33fa90bf1b0070ad3c49" \
    "8883c9367c09a2be785abc55cd226097a3a982117283f82a03a143efd3ff5dd36d64e861be7fd61d2827db279cce145077d454a3664d" \
    "4e6da4d29ee03725a6a4dafcd0fc67d2aea70529513e3da2677fa5906c5b3f7d8f92f228bda40dda721470f9fbf297b5aea617646fac" \
    "5c03272e970727c621a79141ef5f7de6505e5bfbc388e93343694093934ae4d3570008002a000400000400"
/* section 3: {server} generate resumption secret "tls13 resumption": the PSK */
#define P_PSK "4ecd0eb6ec3b4d87f5d6028f922ca4c5851a277fd41311c9e62d2c9492e1c4f3"
/* {client} extract secret "early" */
#define P_EARLY "9b2188e9b2fc6d64d71dc329900e20bb41915000f678aa839cbb797cb7d8332c"
/* {client} construct a ClientHello handshake message (512 octets, binder included) */
#define P_CH \
    "010001fc03031bc3ceb6bbe39cff938355b5a50adb6db21b7a6af649d7b4bc419d7876487d95000006130113031302010001cd000000" \
    "0b0009000006736572766572ff01000100000a00140012001d00170018001901000101010201030104003300260024001d0020e4ffb6" \
    "8ac05f8d96c99da26698346c6be16482badddafe051a66b4f18d668f0b002a0000002b0003020304000d0020001e0403050306030203" \
    "08040805080604010501060102010402050206020202002d00020101001c000240010015005700000000000000000000000000000000" \
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000" \
    "0000000000000000000000000000000000002900dd00b800b22c035d829359ee5ff7af4ec900000000262a6494dc486d2c8a34cb33fa" \
    "90bf1b0070ad3c498883c9367c09a2be785abc55cd226097a3a982117283f82a03a143efd3ff5dd36d64e861be7fd61d2827db279cce" \
    "145077d454a3664d4e6da4d29ee03725a6a4dafcd0fc67d2aea70529513e3da2677fa5906c5b3f7d8f92f228bda40dda721470f9fbf2" \
    "97b5aea617646fac5c03272e970727c621a79141ef5f7de6505e5bfbc388e93343694093934ae4d357fad6aacb0021203add4fb2d8fd" \
    "f822a0ca3cf7678ef5e88dae990141c5924d57bb6fa31b9e5f9d"
/* {client} calculate PSK binder: the prefix is the first 477 octets of P_CH */
#define P_CH_PREFIX_LEN 477
#define P_BINDER_HASH "63224b2e4573f2d3454ca84b9d009a04f6be9e05711a8396473aefa01e924a14"
#define P_BINDER_KEY "69fe131a3bbad5d63c64eebcc30e395b9d8107726a13d074e389dbc8a4e47256"
#define P_BINDER_FINISHED_KEY "5588673e72cb59c87d220caffe94f2dea9a3b1609f7d50e90a48227db9ed7eaa"
#define P_BINDER "3add4fb2d8fdf822a0ca3cf7678ef5e88dae990141c5924d57bb6fa31b9e5f9d"
/* the identity's obfuscated_ticket_age (the ticket's age_add is fad6aac5) */
#define P_OBFUSCATED_AGE 0xfad6aacbu
#define P_AGE_ADD 0xfad6aac5u
/* {client} derive secret "tls13 c e traffic": hash of the ClientHello, and the secret */
#define P_CH_HASH "08ad0fa05d7c7233b1775ba2ff9f4c5b8b59276b7f227f13a976245f5d960913"
#define P_C_E_TRAFFIC "3fbbe6a60deb66c30a32795aba0eff7eaa10105586e7be5c09678d63b6caab62"
/* {client} derive secret "tls13 e exp master" */
#define P_E_EXP_MASTER "b2026866610937d7423e5be90862ccf24c0e6091186d34f812089ff5be2ef7df"
/* {client} derive write traffic keys for early application data */
#define P_EARLY_KEY "920205a5b7bf2115e6fc5c2942834f54"
#define P_EARLY_IV "6d475f0993c8e564610db2b9"
/* {client} send application_data record: payload (6 octets) and complete record (28 octets) */
#define P_EARLY_PAYLOAD "414243444546"
#define P_EARLY_REC "1703030017ab1df420e75c457a7cc5d2844f76d5aee4b4edbf049be0"

#endif
