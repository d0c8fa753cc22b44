module sdkinterop

go 1.21

require (
	github.com/aliyun/alibabacloud-oss-go-sdk-v2 v1.6.1
	github.com/aliyun/aliyun-oss-go-sdk v3.0.2+incompatible
	github.com/baidubce/bce-sdk-go v0.9.279
	github.com/tencentyun/cos-go-sdk-v5 v0.7.70
)

require (
	github.com/clbanning/mxj v1.8.4 // indirect
	github.com/google/go-querystring v1.0.0 // indirect
	github.com/mitchellh/mapstructure v1.4.3 // indirect
	github.com/mozillazg/go-httpheader v0.2.1 // indirect
	golang.org/x/time v0.4.0 // indirect
	gopkg.in/check.v1 v1.0.0-20201130134442-10cb98267c6c // indirect
)
